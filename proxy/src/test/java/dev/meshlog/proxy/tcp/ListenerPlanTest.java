package dev.meshlog.proxy.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.proxy.route.WeightedCluster;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ListenerPlanTest {

  private static TcpRoute route(String host, int port, String cluster) {
    return new TcpRoute(host, port, List.of(new WeightedCluster(cluster, 100)));
  }

  @Test
  void shouldOpenEveryPortOnTheFirstSnapshot() {
    ListenerPlan plan = ListenerPlan.of(Set.of(), List.of(route("db", 3306, "c1"), route("cache", 6379, "c2")));

    assertEquals(Set.of(3306, 6379), plan.open());
    assertEquals(Set.of(), plan.keep());
    assertEquals(Set.of(), plan.close());
  }

  @Test
  void shouldKeepAListenerWhoseRouteStaysEvenWhenItsClustersChange() {
    ListenerPlan plan = ListenerPlan.of(Set.of(3306), List.of(route("db", 3306, "new-cluster")));

    assertEquals(Set.of(3306), plan.keep());
    assertEquals(Set.of(), plan.open());
    assertEquals(Set.of(), plan.close());
    assertEquals("new-cluster", plan.serve().get(3306).clusters().get(0).cluster());
  }

  @Test
  void shouldCloseTheListenerOfARemovedRouteAndOpenTheNewOnesInOneSwap() {
    ListenerPlan plan = ListenerPlan.of(Set.of(3306, 6379), List.of(route("db", 3306, "c1"), route("queue", 5672, "c3")));

    assertEquals(Set.of(3306), plan.keep());
    assertEquals(Set.of(5672), plan.open());
    assertEquals(Set.of(6379), plan.close());
    assertEquals(Set.of(3306, 5672), plan.serve().keySet());
  }

  @Test
  void shouldGiveASharedPortToTheFirstRouteInSnapshotOrder() {
    TcpRoute first = route("a.ns.svc.cluster.local", 3306, "c1");
    TcpRoute second = route("b.ns.svc.cluster.local", 3306, "c2");

    ListenerPlan plan = ListenerPlan.of(Set.of(), List.of(first, second));

    assertEquals(Map.of(3306, first), plan.serve());
    assertEquals(List.of(second), plan.shadowed());
    assertEquals(Set.of(3306), plan.open());
  }

  @Test
  void shouldCloseEveryListenerWhenTheSnapshotHasNoTcpRoutes() {
    ListenerPlan plan = ListenerPlan.of(Set.of(3306, 6379), List.of());

    assertEquals(Set.of(3306, 6379), plan.close());
    assertTrue(plan.serve().isEmpty());
  }

  @Test
  void shouldMoveAPortToTheRouteThatTakesItWhenTheFormerOwnerLeaves() {
    TcpRoute second = route("b.ns.svc.cluster.local", 3306, "c2");

    ListenerPlan plan = ListenerPlan.of(Set.of(3306), List.of(second));

    assertEquals(Set.of(3306), plan.keep());
    assertEquals(second, plan.serve().get(3306));
    assertTrue(plan.shadowed().isEmpty());
  }
}
