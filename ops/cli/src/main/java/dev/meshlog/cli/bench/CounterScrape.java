package dev.meshlog.cli.bench;

import java.util.List;

/**
 * One counter read from a Prometheus text scrape: the sum of the samples of {@code metric} whose
 * labels include every {@code label="value"} pair asked for (an edge's counter is split over response
 * codes, flags, principals ...).
 */
record CounterScrape(String metric, List<String> labelPairs) {

  CounterScrape {
    labelPairs = List.copyOf(labelPairs);
  }

  /** Pairs as {@code name=value}; each must match a label exactly ({@code name="value"}). */
  static CounterScrape of(String metric, String... labels) {
    return new CounterScrape(metric, java.util.Arrays.stream(labels).map(l -> {
      int eq = l.indexOf('=');
      return l.substring(0, eq) + "=\"" + l.substring(eq + 1) + "\"";
    }).toList());
  }

  long sum(String exposition) {
    long sum = 0;
    String prefix = metric + "{";
    for (String line : exposition.split("\n")) {
      if (!line.startsWith(prefix)) {
        continue;
      }
      int close = line.lastIndexOf('}');
      // Each pair sits between "{" or "," and "," or "}": match whole labels, not substrings of values.
      String labels = "," + line.substring(prefix.length(), close) + ",";
      if (labelPairs.stream().allMatch(p -> labels.contains("," + p + ","))) {
        sum += (long) Double.parseDouble(line.substring(close + 1).trim());
      }
    }
    return sum;
  }
}
