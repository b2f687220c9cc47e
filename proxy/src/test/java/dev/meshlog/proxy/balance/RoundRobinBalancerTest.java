package dev.meshlog.proxy.balance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class RoundRobinBalancerTest {

  @Test
  void shouldHandOutEndpointsInTurn() {
    RoundRobinBalancer<String> balancer = new RoundRobinBalancer<>(List.of("a", "b", "c"));
    List<String> picked = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      picked.add(balancer.next());
    }
    assertEquals(List.of("a", "b", "c", "a", "b", "c", "a"), picked);
  }

  @Test
  void shouldSpreadEvenlyAcrossThreads() throws InterruptedException {
    RoundRobinBalancer<String> balancer = new RoundRobinBalancer<>(List.of("a", "b"));
    Map<String, Integer> counts = new TreeMap<>();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      Thread thread = new Thread(() -> {
        Map<String, Integer> local = new TreeMap<>();
        for (int i = 0; i < 10_000; i++) {
          local.merge(balancer.next(), 1, Integer::sum);
        }
        synchronized (counts) {
          local.forEach((k, v) -> counts.merge(k, v, Integer::sum));
        }
      });
      thread.start();
      threads.add(thread);
    }
    for (Thread thread : threads) {
      thread.join();
    }
    assertEquals(Map.of("a", 20_000, "b", 20_000), counts);
  }

  @Test
  void shouldKeepHandingOutEndpointsWhenTheCounterWraps() {
    RoundRobinBalancer<String> balancer = new RoundRobinBalancer<>(List.of("a", "b", "c"), e -> 1, Integer.MAX_VALUE - 2);
    List<String> picked = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      picked.add(balancer.next());
    }
    assertEquals(6, picked.size());
    assertTrue(List.of("a", "b", "c").containsAll(picked), picked.toString());
  }

  @Test
  void shouldRefuseToPickFromNoEndpoints() {
    RoundRobinBalancer<String> balancer = new RoundRobinBalancer<>(List.of());
    assertTrue(balancer.isEmpty());
    assertThrows(IllegalStateException.class, balancer::next);
  }

  @Test
  void shouldPickEmptyFromNoEndpoints() {
    assertEquals(Optional.empty(), new RoundRobinBalancer<String>(List.of()).pick(PickContext.NONE));
  }

  @Test
  void shouldHandOutEachEndpointAsOftenAsItsWeightInterleaved() {
    Map<String, Integer> weights = Map.of("a", 5, "b", 1, "c", 1);
    RoundRobinBalancer<String> balancer = new RoundRobinBalancer<>(List.of("a", "b", "c"), weights::get, 0);
    List<String> picked = new ArrayList<>();
    for (int i = 0; i < 14; i++) {
      picked.add(balancer.pick(PickContext.NONE).orElseThrow());
    }
    // Smooth weighted round robin: the heavy endpoint's turns are spread, not sent as a burst of 5.
    assertEquals(List.of("a", "a", "b", "a", "c", "a", "a", "a", "a", "b", "a", "c", "a", "a"), picked);
  }

  @Test
  void shouldReduceWeightsByTheirCommonDivisor() {
    Map<String, Integer> weights = Map.of("a", 200, "b", 100);
    RoundRobinBalancer<String> balancer = new RoundRobinBalancer<>(List.of("a", "b"), weights::get, 0);
    List<String> picked = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      picked.add(balancer.next());
    }
    assertEquals(List.of("a", "b", "a", "a", "b", "a"), picked);
  }

  @Test
  void shouldKeepWeightProportionsWhenTheirSumIsHuge() {
    Map<String, Integer> weights = Map.of("a", 1_000_000, "b", 3_000_000, "c", 1);
    RoundRobinBalancer<String> balancer = new RoundRobinBalancer<>(List.of("a", "b", "c"), weights::get, 0);
    Tally tally = Tally.of(balancer, PickContext.NONE, 1 << 16);
    tally.assertShare("a", 0.25, 0.001);
    tally.assertShare("b", 0.75, 0.001);
    assertTrue(tally.counts.get("c") >= 1, "the lightest endpoint keeps a turn: " + tally.counts);
  }

  @Test
  void shouldHandOutTheSameOptionalForAnEndpointSoPickingAllocatesNothing() {
    RoundRobinBalancer<String> balancer = new RoundRobinBalancer<>(List.of("a", "b"));
    Optional<String> first = balancer.pick(PickContext.NONE);
    balancer.pick(PickContext.NONE);
    assertSame(first, balancer.pick(PickContext.NONE));
  }
}
