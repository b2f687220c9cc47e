package dev.meshlog.proxy.balance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

class BalancersTest {

  private final List<LbEndpoint<String>> endpoints = List.of(
      LbEndpoint.of("a", 1, "10.0.0.1:8080"), LbEndpoint.of("b", 2, "10.0.0.2:8080"), LbEndpoint.of("c", 1, "10.0.0.3:8080"));

  @Test
  void shouldBuildTheBalancerThePolicyNames() {
    assertInstanceOf(RoundRobinBalancer.class, Balancers.of(LoadBalancing.ROUND_ROBIN, endpoints));
    assertInstanceOf(RandomBalancer.class, Balancers.of(LoadBalancing.RANDOM, endpoints));
    assertInstanceOf(LeastRequestBalancer.class, Balancers.of(LoadBalancing.LEAST_REQUEST, endpoints));
    assertInstanceOf(RingHashBalancer.class, Balancers.of(LoadBalancing.ringHash(new HashPolicy.SourceIp(), 64), endpoints));
  }

  @Test
  void shouldLetLeastRequestSeeTheRequestCounters() {
    endpoints.get(0).activeRequests().increment();
    endpoints.get(1).activeRequests().increment();
    Balancer<LbEndpoint<String>> balancer = Balancers.of(LoadBalancing.LEAST_REQUEST, endpoints);
    Tally tally = new Tally();
    for (int i = 0; i < 1_000; i++) {
      tally.add(balancer.pick(FakeRequest.seeded(i)).orElseThrow().endpoint());
    }
    // a (1 in flight, weight 1) loses to idle c and to b (1 in flight, weight 2): it is never picked.
    assertEquals(0, tally.counts.getOrDefault("a", 0), tally.counts.toString());
    assertTrue(tally.share("c") > 0.5, tally.counts.toString());
  }

  @Test
  void shouldRejectAWeightBelowOne() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LbEndpoint.of("a", 0, "10.0.0.1:8080"));
    assertTrue(e.getMessage().contains("10.0.0.1:8080"), e.getMessage());
  }

  @Test
  void shouldRejectAHashPolicyOnAPolicyThatDoesNotHash() {
    assertThrows(IllegalArgumentException.class,
        () -> new LoadBalancing(LoadBalancing.Kind.RANDOM, Optional.of(new HashPolicy.SourceIp()), 1024));
  }

  @Test
  void shouldParseTheSnapshotsPolicyNames() {
    assertEquals(LoadBalancing.Kind.LEAST_REQUEST, LoadBalancing.Kind.parse("LEAST_REQUEST"));
    assertEquals(LoadBalancing.Kind.RING_HASH, LoadBalancing.Kind.parse("ring_hash"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LoadBalancing.Kind.parse("MAGLEV"));
    assertTrue(e.getMessage().contains("MAGLEV"), e.getMessage());
  }

  @Test
  void shouldPickConcurrentlyWithEveryPolicy() throws InterruptedException {
    List<LoadBalancing> policies = List.of(LoadBalancing.ROUND_ROBIN, LoadBalancing.RANDOM, LoadBalancing.LEAST_REQUEST,
        LoadBalancing.ringHash(new HashPolicy.Header("x-user"), 1024));
    for (LoadBalancing policy : policies) {
      List<LbEndpoint<String>> endpoints = List.of(
          LbEndpoint.of("a", 1, "10.0.0.1:8080"), LbEndpoint.of("b", 1, "10.0.0.2:8080"), LbEndpoint.of("c", 1, "10.0.0.3:8080"));
      Balancer<LbEndpoint<String>> balancer = Balancers.of(policy, endpoints);
      Map<String, LongAdder> counts = new ConcurrentHashMap<>();
      List<Throwable> failures = new ArrayList<>();
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        Thread thread = new Thread(() -> {
          try {
            for (int i = 0; i < 20_000; i++) {
              PickContext request = FakeRequest.seeded(ThreadLocalRandom.current().nextLong()).header("x-user", "u" + (i % 97));
              LbEndpoint<String> picked = balancer.pick(request).orElseThrow();
              picked.activeRequests().increment();
              counts.computeIfAbsent(picked.endpoint(), k -> new LongAdder()).increment();
              picked.activeRequests().decrement();
            }
          } catch (RuntimeException | AssertionError e) {
            synchronized (failures) {
              failures.add(e);
            }
          }
        });
        thread.start();
        threads.add(thread);
      }
      for (Thread thread : threads) {
        thread.join();
      }
      assertEquals(List.of(), failures, policy.toString());
      assertEquals(80_000, counts.values().stream().mapToLong(LongAdder::sum).sum(), policy.toString());
      assertEquals(3, counts.size(), policy + " " + counts);
      endpoints.forEach(e -> assertEquals(0, e.activeRequests().get(), policy + " " + e));
    }
  }
}
