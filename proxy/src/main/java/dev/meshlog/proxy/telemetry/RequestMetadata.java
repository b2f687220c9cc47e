package dev.meshlog.proxy.telemetry;

/**
 * The request's method, path, authority and id as telemetry carries them for {@code meshlog tap}
 * (never metric labels). Every value a client chose is bounded to {@value #MAX_LENGTH} characters,
 * so a hostile path or header cannot bloat the telemetry topic; the path loses its query string
 * (it may hold secrets, and tap filters on the path alone). Runs on the emitter's thread.
 */
final class RequestMetadata {

  static final int MAX_LENGTH = 256;
  /** Ends a value cut at {@link #MAX_LENGTH}, so a truncated path never passes for a whole one. */
  static final String TRUNCATED = "...";

  private RequestMetadata() {}

  /** {@code /a/b?x=1} -> {@code /a/b}; an absolute-form target keeps its path only; "" when absent ("-"). */
  static String path(String target) {
    if (target == null || target.isEmpty() || "-".equals(target)) {
      return "";
    }
    int start = 0;
    if (target.charAt(0) != '/') {
      int scheme = target.indexOf("://");
      if (scheme > 0) {
        int slash = target.indexOf('/', scheme + 3);
        int query = target.indexOf('?', scheme + 3);
        start = slash < 0 || (query >= 0 && query < slash) ? -1 : slash;
        if (start < 0) {
          return "/";
        }
      }
    }
    int end = target.length();
    for (int i = start; i < end; i++) {
      char c = target.charAt(i);
      if (c == '?' || c == '#') {
        end = i;
      }
    }
    return bounded(target.substring(start, end));
  }

  /** A header value as sent, "" for an absent one ("-" in the access log's request line). */
  static String header(String value) {
    return value == null || "-".equals(value) ? "" : bounded(value);
  }

  static String bounded(String value) {
    return value.length() <= MAX_LENGTH ? value
        : value.substring(0, MAX_LENGTH - TRUNCATED.length()) + TRUNCATED;
  }
}
