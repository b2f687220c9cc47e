package dev.meshlog.proxy.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.proxy.balance.HashPolicy;
import dev.meshlog.proxy.balance.LbEndpoint;
import dev.meshlog.proxy.balance.LoadBalancing;
import dev.meshlog.proxy.balance.PickContext;
import dev.meshlog.proxy.route.Cluster;
import dev.meshlog.proxy.route.Endpoint;
import dev.meshlog.proxy.route.RouteTable;
import dev.meshlog.proxy.route.WeightedCluster;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TcpPickerTest {

  private static Endpoint endpoint(int port) {
    return Endpoint.resolve("127.0.0.1", port, "w" + port, Map.of());
  }

  private static Cluster cluster(String name, LoadBalancing lb, Endpoint... endpoints) {
    return new Cluster(name, "db.ns.svc.cluster.local", Optional.empty(), 3306, List.of(endpoints), lb);
  }

  private static TcpRoute route(WeightedCluster... clusters) {
    return new TcpRoute("db.ns.svc.cluster.local", 3306, List.of(clusters));
  }

  private static int portOf(TcpTarget target) {
    return ((TcpTarget.Connect) target).endpoint().endpoint().socketAddress().getPort();
  }

  @Test
  void shouldSplitConnectionsByClusterWeight() {
    RouteTable table = RouteTable.of(List.of(), List.of(cluster("a", LoadBalancing.ROUND_ROBIN, endpoint(1)),
        cluster("b", LoadBalancing.ROUND_ROBIN, endpoint(2))));
    TcpRoute route = route(new WeightedCluster("a", 75), new WeightedCluster("b", 25));
    PickContext context = TcpPicker.context("10.0.0.1", new Random(1));
    Map<Integer, Integer> counts = new HashMap<>();
    for (int i = 0; i < 10_000; i++) {
      counts.merge(portOf(TcpPicker.pick(route, table, context)), 1, Integer::sum);
    }
    assertTrue(counts.get(1) > 7_200 && counts.get(1) < 7_800, counts.toString());
  }

  @Test
  void shouldNeverPickAZeroWeightCluster() {
    RouteTable table = RouteTable.of(List.of(), List.of(cluster("a", LoadBalancing.ROUND_ROBIN, endpoint(1)),
        cluster("b", LoadBalancing.ROUND_ROBIN, endpoint(2))));
    TcpRoute route = route(new WeightedCluster("a", 0), new WeightedCluster("b", 100));
    PickContext context = TcpPicker.context("10.0.0.1", new Random(2));
    for (int i = 0; i < 1_000; i++) {
      assertEquals(2, portOf(TcpPicker.pick(route, table, context)));
    }
  }

  @Test
  void shouldRefuseWithUhWhenTheClusterHasNoEndpoint() {
    RouteTable table = RouteTable.of(List.of(), List.of(cluster("a", LoadBalancing.ROUND_ROBIN)));

    TcpTarget target = TcpPicker.pick(route(new WeightedCluster("a", 100)), table, TcpPicker.context("10.0.0.1", new Random()));

    assertEquals("UH", assertInstanceOf(TcpTarget.Refuse.class, target).responseFlag());
  }

  @Test
  void shouldKeepASourceIpOnOneEndpointWithARingHash() {
    LoadBalancing bySource = LoadBalancing.ringHash(new HashPolicy.SourceIp(), 1024);
    RouteTable table = RouteTable.of(List.of(), List.of(cluster("a", bySource, endpoint(1), endpoint(2), endpoint(3))));
    TcpRoute route = route(new WeightedCluster("a", 100));
    Set<Integer> seen = new HashSet<>();
    for (int client = 0; client < 30; client++) {
      String ip = "10.0.0." + client;
      int first = portOf(TcpPicker.pick(route, table, TcpPicker.context(ip, new Random())));
      for (int again = 0; again < 5; again++) {
        assertEquals(first, portOf(TcpPicker.pick(route, table, TcpPicker.context(ip, new Random()))), ip);
      }
      seen.add(first);
    }
    assertEquals(Set.of(1, 2, 3), seen);
  }

  @Test
  void shouldOfferAnotherEndpointAfterAFailedConnectEvenWhereTheRingHashPicksTheSame() {
    LoadBalancing bySource = LoadBalancing.ringHash(new HashPolicy.SourceIp(), 1024);
    RouteTable table = RouteTable.of(List.of(), List.of(cluster("a", bySource, endpoint(1), endpoint(2))));
    PickContext context = TcpPicker.context("10.0.0.9", new Random());
    TcpTarget.Connect first = (TcpTarget.Connect) TcpPicker.pick(route(new WeightedCluster("a", 100)), table, context);

    Optional<LbEndpoint<Endpoint>> next = TcpPicker.another(table, first.target(), first.endpoint(), context);

    assertTrue(next.isPresent());
    assertNotSame(first.endpoint(), next.get());
  }

  @Test
  void shouldOfferNoOtherEndpointInAOneEndpointCluster() {
    RouteTable table = RouteTable.of(List.of(), List.of(cluster("a", LoadBalancing.ROUND_ROBIN, endpoint(1))));
    PickContext context = TcpPicker.context("10.0.0.9", new Random());
    TcpTarget.Connect first = (TcpTarget.Connect) TcpPicker.pick(route(new WeightedCluster("a", 100)), table, context);

    assertTrue(TcpPicker.another(table, first.target(), first.endpoint(), context).isEmpty());
  }
}
