package dev.meshlog.proxy.balance;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.TreeMap;

/** Counts picks per endpoint and checks shares. */
final class Tally {

  final Map<String, Integer> counts = new TreeMap<>();
  private int total;

  static Tally of(Balancer<String> balancer, PickContext context, int picks) {
    Tally tally = new Tally();
    for (int i = 0; i < picks; i++) {
      tally.add(balancer.pick(context).orElseThrow());
    }
    return tally;
  }

  void add(String endpoint) {
    counts.merge(endpoint, 1, Integer::sum);
    total++;
  }

  double share(String endpoint) {
    return counts.getOrDefault(endpoint, 0) / (double) total;
  }

  void assertShare(String endpoint, double expected, double tolerance) {
    double share = share(endpoint);
    assertTrue(Math.abs(share - expected) <= tolerance,
        endpoint + " got " + share + " of picks, expected " + expected + " +- " + tolerance + ": " + counts);
  }
}
