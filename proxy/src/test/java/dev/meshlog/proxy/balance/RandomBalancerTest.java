package dev.meshlog.proxy.balance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RandomBalancerTest {

  @Test
  void shouldSpreadPicksEvenlyOverEqualEndpoints() {
    RandomBalancer<String> balancer = new RandomBalancer<>(List.of("a", "b", "c", "d"), e -> 1);
    Tally tally = Tally.of(balancer, FakeRequest.seeded(7), 40_000);
    for (String endpoint : List.of("a", "b", "c", "d")) {
      tally.assertShare(endpoint, 0.25, 0.02);
    }
  }

  @Test
  void shouldPickInProportionToWeight() {
    Map<String, Integer> weights = Map.of("a", 1, "b", 3, "c", 6);
    RandomBalancer<String> balancer = new RandomBalancer<>(List.of("a", "b", "c"), weights::get);
    Tally tally = Tally.of(balancer, FakeRequest.seeded(11), 50_000);
    tally.assertShare("a", 0.1, 0.02);
    tally.assertShare("b", 0.3, 0.02);
    tally.assertShare("c", 0.6, 0.02);
  }

  @Test
  void shouldPickEmptyFromNoEndpoints() {
    assertEquals(Optional.empty(), new RandomBalancer<String>(List.of(), e -> 1).pick(FakeRequest.seeded(1)));
  }
}
