package dev.meshlog.cli.inject;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A downward API file of a map field ({@code metadata.labels}, {@code metadata.annotations}): one
 * {@code key="value"} per line, the value quoted and escaped as Go's {@code strconv.Quote} does.
 */
final class DownwardApiFile {

  private DownwardApiFile() {}

  /** The map in {@code file}; empty when the file does not exist (a pod without the volume). */
  static Map<String, String> read(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return Map.of();
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": cannot read: " + e.getMessage(), e);
    }
    return parse(text, file.toString());
  }

  static Map<String, String> parse(String text, String where) {
    Map<String, String> values = new LinkedHashMap<>();
    String[] lines = text.split("\n");
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty()) {
        continue;
      }
      int equals = line.indexOf('=');
      if (equals <= 0 || line.length() < equals + 3 || line.charAt(equals + 1) != '"' || !line.endsWith("\"")) {
        throw new IllegalArgumentException(where + ": line " + (i + 1) + ": expected key=\"value\", got '" + line + "'");
      }
      values.put(line.substring(0, equals), unquote(line.substring(equals + 2, line.length() - 1)));
    }
    return values;
  }

  private static String unquote(String quoted) {
    StringBuilder out = new StringBuilder(quoted.length());
    for (int i = 0; i < quoted.length(); i++) {
      char c = quoted.charAt(i);
      if (c != '\\' || i + 1 == quoted.length()) {
        out.append(c);
        continue;
      }
      char next = quoted.charAt(++i);
      switch (next) {
        case 'n' -> out.append('\n');
        case 't' -> out.append('\t');
        case 'r' -> out.append('\r');
        default -> out.append(next);   // \" and \\ (the only other escapes labels and annotations need)
      }
    }
    return out.toString();
  }
}
