package dev.meshlog.proxy.balance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
    RoundRobinBalancer<String> balancer = new RoundRobinBalancer<>(List.of("a", "b", "c"), Integer.MAX_VALUE - 2);
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
}
