package dev.meshlog.proxy.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.meshlog.proxy.route.WeightedCluster;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TcpRouteChecksTest {

  @Test
  void shouldAcceptRoutesWhoseClustersExistAndWeightsSumTo100() {
    TcpRoute route = new TcpRoute("db", 3306, List.of(new WeightedCluster("a", 60), new WeightedCluster("b", 40)));

    assertEquals(List.of(), TcpRouteChecks.check(List.of(route), Set.of("a", "b")));
  }

  @Test
  void shouldNameTheRouteAndTheMissingCluster() {
    TcpRoute route = new TcpRoute("db", 3306, List.of(new WeightedCluster("gone", 100)));

    assertEquals(List.of("tcp route db:3306 names missing cluster gone"), TcpRouteChecks.check(List.of(route), Set.of("a")));
  }

  @Test
  void shouldRejectWeightsThatDoNotSumTo100AndNegativeWeights() {
    TcpRoute route = new TcpRoute("db", 3306, List.of(new WeightedCluster("a", -10), new WeightedCluster("b", 50)));

    assertEquals(List.of("tcp route db:3306 gives cluster a negative weight -10", "tcp route db:3306 weights sum to 40, not 100"),
        TcpRouteChecks.check(List.of(route), Set.of("a", "b")));
  }

  @Test
  void shouldRejectARouteWithoutClusters() {
    assertEquals(List.of("tcp route db:3306 names no cluster"),
        TcpRouteChecks.check(List.of(new TcpRoute("db", 3306, List.of())), Set.of()));
  }

  @Test
  void shouldRejectAPortOutOfRange() {
    assertThrows(IllegalArgumentException.class, () -> new TcpRoute("db", 0, List.of(new WeightedCluster("a", 100))));
    assertThrows(IllegalArgumentException.class, () -> new TcpRoute("db", 65_536, List.of(new WeightedCluster("a", 100))));
  }
}
