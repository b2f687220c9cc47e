package dev.meshlog.ingest.analysis;

import java.util.Comparator;

/**
 * Findings sorted by file, then path, reading the indexes in a path as numbers so that
 * {@code spec.http[2]} comes before {@code spec.http[10]}; the rest only makes the order total.
 */
final class FindingOrder {

  static final Comparator<Finding> ORDER = Comparator.comparing(Finding::file)
      .thenComparing(Finding::path, FindingOrder::comparePaths)
      .thenComparing(Finding::severity)
      .thenComparing(Finding::code)
      .thenComparing(Finding::subject)
      .thenComparing(Finding::message);

  private FindingOrder() {}

  static int comparePaths(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      char ca = a.charAt(i);
      char cb = b.charAt(j);
      if (Character.isDigit(ca) && Character.isDigit(cb)) {
        int endA = digitsEnd(a, i);
        int endB = digitsEnd(b, j);
        int byNumber = Long.compare(Long.parseLong(a.substring(i, endA)), Long.parseLong(b.substring(j, endB)));
        if (byNumber != 0) {
          return byNumber;
        }
        i = endA;
        j = endB;
      } else {
        if (ca != cb) {
          return Character.compare(ca, cb);
        }
        i++;
        j++;
      }
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }

  private static int digitsEnd(String s, int from) {
    int end = from;
    // at most 18 digits so the number fits a long; paths never have longer indexes
    while (end < s.length() && end - from < 18 && Character.isDigit(s.charAt(end))) {
      end++;
    }
    return end;
  }
}
