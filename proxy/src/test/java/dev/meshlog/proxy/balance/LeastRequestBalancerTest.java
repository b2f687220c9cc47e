package dev.meshlog.proxy.balance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LeastRequestBalancerTest {

  private final Map<String, Integer> active = new HashMap<>(Map.of("a", 0, "b", 0, "c", 0, "d", 0));

  @Test
  void shouldSpreadPicksEvenlyWhenEndpointsAreEquallyLoaded() {
    LeastRequestBalancer<String> balancer = new LeastRequestBalancer<>(List.of("a", "b", "c", "d"), e -> 1, active::get);
    Tally tally = Tally.of(balancer, FakeRequest.seeded(3), 40_000);
    for (String endpoint : List.of("a", "b", "c", "d")) {
      tally.assertShare(endpoint, 0.25, 0.02);
    }
  }

  @Test
  void shouldNeverPickTheBusiestEndpointWhileOthersAreIdle() {
    active.put("b", 5);
    LeastRequestBalancer<String> balancer = new LeastRequestBalancer<>(List.of("a", "b", "c"), e -> 1, active::get);
    Tally tally = Tally.of(balancer, FakeRequest.seeded(5), 10_000);
    assertEquals(0, tally.counts.getOrDefault("b", 0), tally.counts.toString());
    tally.assertShare("a", 0.5, 0.03);
  }

  @Test
  void shouldPreferTheLessLoadedOfTwo() {
    active.put("a", 2);
    active.put("b", 1);
    LeastRequestBalancer<String> balancer = new LeastRequestBalancer<>(List.of("a", "b"), e -> 1, active::get);
    Tally tally = Tally.of(balancer, FakeRequest.seeded(9), 1_000);
    assertEquals(Map.of("b", 1_000), tally.counts);
  }

  @Test
  void shouldFavourLessLoadedEndpointsAmongMany() {
    // Two distinct candidates out of four: the idle endpoint wins whenever drawn (1/2 of picks), the
    // busiest only when it meets nobody less busy (never).
    active.putAll(Map.of("a", 0, "b", 1, "c", 2, "d", 3));
    LeastRequestBalancer<String> balancer = new LeastRequestBalancer<>(List.of("a", "b", "c", "d"), e -> 1, active::get);
    Tally tally = Tally.of(balancer, FakeRequest.seeded(13), 30_000);
    tally.assertShare("a", 0.5, 0.02);
    tally.assertShare("b", 1 / 3.0, 0.02);
    tally.assertShare("c", 1 / 6.0, 0.02);
    assertEquals(0, tally.counts.getOrDefault("d", 0));
  }

  @Test
  void shouldFollowWeightsWhenIdleAndCompareLoadPerWeightWhenBusy() {
    Map<String, Integer> weights = Map.of("a", 1, "b", 3);
    LeastRequestBalancer<String> balancer = new LeastRequestBalancer<>(List.of("a", "b"), weights::get, active::get);
    Tally idle = Tally.of(balancer, FakeRequest.seeded(17), 40_000);
    idle.assertShare("a", 0.25, 0.02);
    idle.assertShare("b", 0.75, 0.02);

    active.put("a", 1);
    active.put("b", 2); // 1 per unit of weight against 2/3
    assertEquals(Map.of("b", 500), Tally.of(balancer, FakeRequest.seeded(19), 500).counts);
  }

  @Test
  void shouldPickTheOnlyEndpointOrNone() {
    assertEquals(Optional.of("a"), new LeastRequestBalancer<>(List.of("a"), e -> 1, active::get).pick(FakeRequest.seeded(1)));
    assertEquals(Optional.empty(), new LeastRequestBalancer<String>(List.of(), e -> 1, active::get).pick(FakeRequest.seeded(1)));
  }
}
