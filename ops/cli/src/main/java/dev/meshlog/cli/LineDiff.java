package dev.meshlog.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * A line-based, unified-style diff of two renderings of a resource: {@code -} removed lines,
 * {@code +} added lines, a little unchanged context around each change and {@code ...} for the
 * unchanged stretches left out. Resources are a few hundred lines at most, so a plain
 * longest-common-subsequence table is fast enough and keeps the result minimal.
 */
public final class LineDiff {

  /** Unchanged lines shown on each side of a change. */
  static final int CONTEXT = 2;

  private LineDiff() {}

  /** The diff lines (each ending in a newline); empty when the renderings are identical. */
  public static String of(String before, String after) {
    List<String> a = lines(before);
    List<String> b = lines(after);
    List<String> ops = edits(a, b);
    if (ops.stream().allMatch(op -> op.startsWith(" "))) {
      return "";
    }
    return withContext(ops);
  }

  private static List<String> lines(String text) {
    if (text.isEmpty()) {
      return List.of();
    }
    String body = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    return List.of(body.split("\n", -1));
  }

  /** Every line prefixed with ' ', '-' or '+', in order; removals before additions at a change. */
  private static List<String> edits(List<String> a, List<String> b) {
    int[][] common = new int[a.size() + 1][b.size() + 1];
    for (int i = a.size() - 1; i >= 0; i--) {
      for (int j = b.size() - 1; j >= 0; j--) {
        common[i][j] = a.get(i).equals(b.get(j)) ? common[i + 1][j + 1] + 1 : Math.max(common[i + 1][j], common[i][j + 1]);
      }
    }
    List<String> ops = new ArrayList<>();
    int i = 0;
    int j = 0;
    while (i < a.size() || j < b.size()) {
      if (i < a.size() && j < b.size() && a.get(i).equals(b.get(j))) {
        ops.add(" " + a.get(i++));
        j++;
      } else if (j == b.size() || (i < a.size() && common[i + 1][j] >= common[i][j + 1])) {
        ops.add("-" + a.get(i++));
      } else {
        ops.add("+" + b.get(j++));
      }
    }
    return ops;
  }

  private static String withContext(List<String> ops) {
    boolean[] shown = new boolean[ops.size()];
    for (int k = 0; k < ops.size(); k++) {
      if (!ops.get(k).startsWith(" ")) {
        for (int c = Math.max(0, k - CONTEXT); c <= Math.min(ops.size() - 1, k + CONTEXT); c++) {
          shown[c] = true;
        }
      }
    }
    StringBuilder out = new StringBuilder();
    boolean skipping = false;
    for (int k = 0; k < ops.size(); k++) {
      if (shown[k]) {
        out.append(ops.get(k)).append('\n');
        skipping = false;
      } else if (!skipping) {
        out.append(" ...\n");
        skipping = true;
      }
    }
    return out.toString();
  }
}
