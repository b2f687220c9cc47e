package dev.meshlog.proxy.route;

import static dev.meshlog.proxy.route.RouteFixtures.HOST;
import static dev.meshlog.proxy.route.RouteFixtures.V1;
import static dev.meshlog.proxy.route.RouteFixtures.endpoint;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.proxy.balance.LbEndpoint;
import dev.meshlog.proxy.balance.LoadBalancing;
import dev.meshlog.proxy.balance.PickContext;
import dev.meshlog.proxy.circuit.CircuitLimits;
import dev.meshlog.proxy.circuit.ClusterRegistry;
import dev.meshlog.proxy.outlier.OutlierPolicy;
import dev.meshlog.proxy.retry.RetryPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RouteRetryTest {

  private static final Endpoint A = endpoint(9001, "reviews-a", "v1");
  private static final Endpoint B = endpoint(9002, "reviews-b", "v1");
  private static final Endpoint C = endpoint(9003, "reviews-c", "v1");

  private static RouteTable table(RetryPolicy policy, ClusterRegistry registry, LoadBalancing lb, Endpoint... endpoints) {
    Rule rule = new Rule("retrying", List.of(),
        new RuleAction.Route(List.of(new WeightedCluster(V1, 100)), Rewrite.NONE, Duration.ZERO, policy), HeaderPolicy.NONE);
    Cluster cluster = new Cluster(V1, HOST, Optional.of("v1"), 80, List.of(endpoints), lb, CircuitLimits.DEFAULTS, OutlierPolicy.NONE, OptionalInt.of(7));
    return RouteTable.of(List.of(new VirtualHost(HOST, 80, List.of(HOST), List.of(rule))), List.of(cluster), registry);
  }

  private static Dispatch.Forward forward(RouteTable table) {
    return assertInstanceOf(Dispatch.Forward.class, table.dispatch(HOST, new SplittableRandom(1)));
  }

  @Test
  void shouldCarryTheRulesPolicyTheClustersLimitAndTheSharedBudget() {
    ClusterRegistry registry = ClusterRegistry.detached();
    Dispatch.Forward first = forward(table(RetryPolicy.ISTIO_DEFAULT, registry, LoadBalancing.ROUND_ROBIN, A, B));
    Dispatch.Forward afterSwap = forward(table(RetryPolicy.ISTIO_DEFAULT, registry, LoadBalancing.ROUND_ROBIN, A, B));
    assertSame(RetryPolicy.ISTIO_DEFAULT, first.retry().policy());
    assertEquals(OptionalInt.of(7), first.retry().maxRetries());
    assertSame(registry.find(V1).orElseThrow().retryBudget(), first.retry().budget());
    assertSame(first.retry().budget(), afterSwap.retry().budget(), "a new table keeps the cluster's budget");
  }

  @Test
  void shouldPickAnEndpointNotTriedYetWhenOneExists() {
    Dispatch.Forward forward = forward(table(RetryPolicy.ISTIO_DEFAULT, ClusterRegistry.detached(), LoadBalancing.ROUND_ROBIN, A, B, C));
    for (int i = 0; i < 50; i++) {
      assertEquals(Optional.of(C), forward.retry().pickAvoiding(List.of(A, B), PickContext.NONE).map(LbEndpoint::endpoint));
    }
  }

  @Test
  void shouldRedrawARandomPickUpToFiveTimesThenTakeWhatComes() {
    Dispatch.Forward forward = forward(table(RetryPolicy.ISTIO_DEFAULT, ClusterRegistry.detached(), LoadBalancing.RANDOM, A, B, C));
    SplittableRandom random = new SplittableRandom(42);
    int untried = 0;
    for (int i = 0; i < 1_000; i++) {
      if (forward.retry().pickAvoiding(List.of(A, B), PickContext.withRandom(random)).orElseThrow().endpoint().equals(C)) {
        untried++;
      }
    }
    // One draw finds C a third of the time; six draws miss it (2/3)^6 = 8.8% of the time.
    assertTrue(untried > 850 && untried < 970, "untried endpoint picked " + untried + " times in 1000");
  }

  @Test
  void shouldRetryTheOnlyEndpointWhenThereIsNoOther() {
    Dispatch.Forward forward = forward(table(RetryPolicy.ISTIO_DEFAULT, ClusterRegistry.detached(), LoadBalancing.ROUND_ROBIN, A));
    assertEquals(Optional.of(A), forward.retry().pickAvoiding(List.of(A), PickContext.NONE).map(LbEndpoint::endpoint));
  }

  @Test
  void shouldMoveTheForwardToThePickedEndpointWithItsOwnCounter() {
    Dispatch.Forward forward = forward(table(RetryPolicy.ISTIO_DEFAULT, ClusterRegistry.detached(), LoadBalancing.ROUND_ROBIN, A, B));
    LbEndpoint<Endpoint> other = forward.retry().pickAvoiding(List.of(forward.endpoint()), PickContext.NONE).orElseThrow();
    Dispatch.Forward moved = forward.to(other);
    assertNotEquals(forward.endpoint(), moved.endpoint());
    assertSame(other.activeRequests(), moved.active());
    assertSame(forward.retry(), moved.retry());
    assertEquals(forward.routeName(), moved.routeName());
  }

  @Test
  void shouldNotRetryARuleBuiltWithoutRetries() {
    Dispatch.Forward forward = forward(RouteFixtures.table(100, 0));
    assertTrue(!forward.retry().policy().retries());
  }
}
