package dev.meshlog.proxy.circuit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.proxy.outlier.OutlierPolicy;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {

  private static CircuitLimits limits(int connections, int pending, int requests) {
    return new CircuitLimits(connections, pending, requests, 0, Duration.ZERO, Duration.ZERO);
  }

  @Test
  void shouldAdmitRequestsUpToTheLimitAndCountTheOverflow() {
    CircuitBreaker breaker = new CircuitBreaker(limits(10, 10, 2));
    assertTrue(breaker.tryStartRequest());
    assertTrue(breaker.tryStartRequest());
    assertFalse(breaker.tryStartRequest());
    assertEquals(1, breaker.pendingOverflows());
    breaker.endRequest();
    assertTrue(breaker.tryStartRequest());
    assertEquals(2, breaker.activeRequests());
  }

  @Test
  void shouldCountConnectionOverflowButNotForAWaiterRetrying() {
    CircuitBreaker breaker = new CircuitBreaker(limits(1, 1, 10));
    assertTrue(breaker.tryOpenConnection());
    assertFalse(breaker.tryOpenConnection());
    assertFalse(breaker.openConnectionIfBelowLimit());
    assertEquals(1, breaker.connectionOverflows());
    breaker.openConnectionOverLimit();
    assertEquals(2, breaker.openConnections());
    breaker.connectionClosed();
    breaker.connectionClosed();
    assertTrue(breaker.openConnectionIfBelowLimit());
  }

  @Test
  void shouldLetOnlyMaxPendingRequestsWait() {
    CircuitBreaker breaker = new CircuitBreaker(limits(1, 1, 10));
    assertTrue(breaker.tryPend());
    assertFalse(breaker.tryPend());
    assertEquals(1, breaker.pendingOverflows());
    breaker.endPending();
    assertEquals(0, breaker.pendingRequests());
  }

  @Test
  void shouldNeverGoBelowZero() {
    CircuitBreaker breaker = new CircuitBreaker(CircuitLimits.DEFAULTS);
    breaker.endRequest();
    breaker.endPending();
    breaker.connectionClosed();
    assertEquals(0, breaker.activeRequests() + breaker.pendingRequests() + breaker.openConnections());
  }

  @Test
  void shouldNeverOvershootWhenThreadsRaceForTheLastSlots() throws Exception {
    CircuitBreaker breaker = new CircuitBreaker(limits(10, 10, 100));
    AtomicInteger admitted = new AtomicInteger();
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      java.util.concurrent.Callable<Void> race = () -> race(breaker, admitted);
      List<Future<Void>> runs = threads.invokeAll(List.of(race, race, race, race));
      for (Future<Void> run : runs) {
        run.get();
      }
    } finally {
      threads.shutdownNow();
    }
    assertEquals(100, admitted.get());
    assertEquals(100, breaker.activeRequests());
    assertEquals(900, breaker.pendingOverflows());
  }

  private static Void race(CircuitBreaker breaker, AtomicInteger admitted) {
    for (int i = 0; i < 250; i++) {
      if (breaker.tryStartRequest()) {
        admitted.incrementAndGet();
      }
    }
    return null;
  }

  @Test
  void shouldRejectLimitsOutOfRange() {
    assertThrows(IllegalArgumentException.class, () -> limits(0, 1, 1));
    assertThrows(IllegalArgumentException.class, () -> new CircuitLimits(1, 1, 1, -1, Duration.ZERO, Duration.ZERO));
    assertEquals(5_000, CircuitLimits.DEFAULTS.connectTimeoutMillis(5_000));
    assertEquals(250, new CircuitLimits(1, 1, 1, 0, Duration.ofMillis(250), Duration.ZERO).connectTimeoutMillis(5_000));
  }

  @Test
  void shouldKeepStateAcrossSettlesAndDropRemovedClustersAndEndpoints() {
    ClusterRegistry registry = ClusterRegistry.detached();
    InetSocketAddress a = InetSocketAddress.createUnresolved("10.0.0.1", 80);
    InetSocketAddress b = InetSocketAddress.createUnresolved("10.0.0.2", 80);
    OutlierPolicy ejectAtOnce = new OutlierPolicy(1, 0, Duration.ofSeconds(1), Duration.ofSeconds(30), 100);
    UpstreamCluster reviews = registry.cluster("reviews", limits(1, 1, 1), ejectAtOnce);
    UpstreamHost hostA = reviews.host(a);
    UpstreamHost hostB = reviews.host(b);
    UpstreamHost ratingsHost = registry.cluster("ratings", CircuitLimits.DEFAULTS, OutlierPolicy.NONE).host(a);
    assertTrue(reviews.breaker().tryStartRequest());
    hostA.responded(500);
    assertTrue(hostA.isEjected());

    registry.settle(List.of(new ClusterSettings("reviews", limits(5, 5, 5), ejectAtOnce, List.of(a))));

    assertTrue(registry.cluster("reviews", CircuitLimits.DEFAULTS, OutlierPolicy.NONE) == reviews, "same live state");
    assertEquals(5, reviews.breaker().limits().maxRequests(), "the new limits apply");
    assertEquals(1, reviews.breaker().activeRequests(), "requests in flight stay counted");
    assertTrue(reviews.host(a).isEjected(), "the ejection of an endpoint still present stays");
    assertTrue(reviews.host(a) == hostA);
    assertTrue(reviews.find(b).isEmpty(), "a removed endpoint is forgotten");
    assertTrue(registry.find("ratings").isEmpty(), "a removed cluster is forgotten");
    assertTrue(hostB.retired() && ratingsHost.retired(), "their pooled connections are closed, not kept");
    assertFalse(hostA.retired());
  }
}
