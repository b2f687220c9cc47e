package dev.meshlog.proxy.authz;

/**
 * Istio's default path normalization (BASE, Envoy's {@code normalize_path}) for the part of a path
 * policies match on: percent-encoded unreserved characters are decoded ({@code %61dmin} is
 * {@code admin}, {@code %2e} is a dot) and dot segments are removed as RFC 3986 section 5.2.4 says.
 * Without it, {@code /public/../admin} would pass a DENY on {@code /admin*} and reach an app that
 * resolves it. Encoded slashes ({@code %2F}) stay encoded, as with Istio's default.
 */
final class PathNormalizer {

  private PathNormalizer() {}

  /** The normalized path; {@code path} itself (no allocation) when it is already normal or not absolute. */
  static String normalize(String path) {
    if (!path.startsWith("/") || !needsWork(path, 0, path.length())) {
      return path;
    }
    return removeDotSegments(decodeUnreserved(path));
  }

  /**
   * {@code uri} (origin- or absolute-form) with its path normalized, query and fragment kept;
   * {@code uri} itself when its path is already normal, which is the common case and allocates nothing.
   */
  static String normalizeUri(String uri) {
    int from = RequestAttributes.pathStart(uri);
    int end = RequestAttributes.pathEnd(uri, from);
    if (from >= end || uri.charAt(from) != '/' || !needsWork(uri, from, end)) {
      return uri;
    }
    return uri.substring(0, from) + removeDotSegments(decodeUnreserved(uri.substring(from, end))) + uri.substring(end);
  }

  private static boolean needsWork(String path, int from, int end) {
    for (int i = from; i < end; i++) {
      char c = path.charAt(i);
      if (c == '%') {
        return true;
      }
      if (c == '.' && path.charAt(i - 1) == '/') {
        int after = i + 1 < end && path.charAt(i + 1) == '.' ? i + 2 : i + 1;
        if (after == end || path.charAt(after) == '/') {
          return true;
        }
      }
    }
    return false;
  }

  private static String decodeUnreserved(String path) {
    StringBuilder out = new StringBuilder(path.length());
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '%' && i + 2 < path.length()) {
        int hi = Character.digit(path.charAt(i + 1), 16);
        int lo = Character.digit(path.charAt(i + 2), 16);
        if (hi >= 0 && lo >= 0) {
          char decoded = (char) (hi * 16 + lo);
          if (isUnreserved(decoded)) {
            out.append(decoded);
          } else {
            // Reserved or other: kept encoded, with upper-case hex as RFC 3986 recommends.
            out.append('%').append(Character.toUpperCase(path.charAt(i + 1))).append(Character.toUpperCase(path.charAt(i + 2)));
          }
          i += 2;
          continue;
        }
      }
      out.append(c);
    }
    return out.toString();
  }

  private static boolean isUnreserved(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_'
        || c == '~';
  }

  /** RFC 3986 5.2.4 for an absolute path; the result always starts with a slash. */
  private static String removeDotSegments(String path) {
    String[] segments = path.split("/", -1);
    java.util.ArrayDeque<String> kept = new java.util.ArrayDeque<>();
    boolean trailingSlash = false;
    for (int i = 1; i < segments.length; i++) {
      String segment = segments[i];
      boolean last = i == segments.length - 1;
      if (segment.equals(".")) {
        trailingSlash = last;
      } else if (segment.equals("..")) {
        kept.pollLast();
        trailingSlash = last;
      } else {
        kept.addLast(segment);
        trailingSlash = false;
      }
    }
    StringBuilder out = new StringBuilder(path.length());
    for (String segment : kept) {
      out.append('/').append(segment);
    }
    if (trailingSlash || out.length() == 0) {
      out.append('/');
    }
    return out.toString();
  }
}
