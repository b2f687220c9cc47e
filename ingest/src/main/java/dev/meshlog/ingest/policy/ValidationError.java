package dev.meshlog.ingest.policy;

/**
 * One reason a policy document or command is refused: where (the file, or the record's subject when
 * the command came from a topic), which field (a path such as {@code spec.http[0].route[1].weight})
 * and why.
 *
 * <p>Paths and reasons quote what the document says, so they are made printable here: control characters
 * (a newline would split the one line a refusal is), bidirectional overrides (which could reorder what a
 * terminal shows) and lone surrogates are written as {@code \\uXXXX}, and a reason is cut to a screen's worth.
 */
public record ValidationError(String file, String path, String reason) {

  static final int MAX_REASON = 600;

  public ValidationError {
    file = printable(file, Integer.MAX_VALUE);
    path = printable(path, MAX_REASON);
    reason = printable(reason, MAX_REASON);
  }

  @Override
  public String toString() {
    return file + ": " + path + ": " + reason;
  }

  private static String printable(String text, int max) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(Math.min(text.length(), max) + 16);
    for (int i = 0; i < text.length(); i++) {
      if (out.length() >= max) {
        return out.append("... (").append(text.length() - i).append(" more characters)").toString();
      }
      char c = text.charAt(i);
      boolean pair = Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
      if (pair) {
        out.append(c).append(text.charAt(++i));
      } else if (c < 0x20 || c == 0x7F || Character.isSurrogate(c) || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069)
          || c == 0x200E || c == 0x200F || c == 0x061C) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
