package dev.meshlog.proxy.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.proxy.route.RouteTable;
import dev.meshlog.proxy.route.WeightedCluster;
import dev.meshlog.proxy.tcp.TcpRoute;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The listener step of a swap: it sees each valid snapshot before it goes live, and can refuse it. */
class SnapshotListenerUpdateTest {

  private final LiveConfig live = new LiveConfig();

  private static Snapshot withTcpRoute(long version, String cluster, int weight) {
    Snapshot http = SnapshotFixtures.split(version, 0, 100);
    return new Snapshot(http.proxyId(), version, http.hash(), http.hosts(), http.clusters(),
        List.of(new TcpRoute(SnapshotFixtures.HOST, 3306, List.of(new WeightedCluster(cluster, weight)))), List.of());
  }

  @Test
  void shouldHandTheListenersTheSnapshotAndTheRouteTableThatGoLive() {
    List<RouteTable> seen = new ArrayList<>();
    List<TcpRoute> routes = new ArrayList<>();
    SnapshotApplier applier = new SnapshotApplier(SnapshotFixtures.PROXY, live, new SnapshotValidator(),
        (snapshot, table) -> {
          seen.add(table);
          routes.addAll(snapshot.tcpRoutes());
        });

    assertInstanceOf(SnapshotOutcome.Applied.class, applier.apply(withTcpRoute(3, SnapshotFixtures.V1, 100)));

    assertSame(live.get(), seen.get(0));
    assertEquals(3306, routes.get(0).port());
  }

  @Test
  void shouldRejectASnapshotTheListenersCannotServeAndKeepTheLastGoodConfig() {
    SnapshotApplier applier = new SnapshotApplier(SnapshotFixtures.PROXY, live, new SnapshotValidator(),
        (snapshot, table) -> {
          if (snapshot.version() == 4) {
            throw new IllegalArgumentException("tcp route x:3306: cannot listen on 127.0.0.1:3306 (in use)");
          }
        });
    applier.apply(withTcpRoute(3, SnapshotFixtures.V1, 100));
    RouteTable applied = live.get();

    SnapshotOutcome.Rejected rejected = assertInstanceOf(SnapshotOutcome.Rejected.class,
        applier.apply(withTcpRoute(4, SnapshotFixtures.V2, 100)));

    assertTrue(rejected.detail().contains("cannot listen"), rejected.detail());
    assertSame(applied, live.get());
    assertEquals(3, live.current().version());
  }

  @Test
  void shouldRejectATcpRouteNamingAMissingClusterBeforeTouchingTheListeners() {
    List<Snapshot> reached = new ArrayList<>();
    SnapshotApplier applier = new SnapshotApplier(SnapshotFixtures.PROXY, live, new SnapshotValidator(),
        (snapshot, table) -> reached.add(snapshot));

    SnapshotOutcome.Rejected rejected = assertInstanceOf(SnapshotOutcome.Rejected.class,
        applier.apply(withTcpRoute(3, "outbound|3306||gone", 100)));

    assertTrue(rejected.detail().contains("tcp route " + SnapshotFixtures.HOST + ":3306 names missing cluster"),
        rejected.detail());
    assertTrue(reached.isEmpty());
  }
}
