package dev.meshlog.proxy.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.meshlog.proxy.route.WeightedCluster;
import dev.meshlog.proxy.snapshot.LiveConfig;
import dev.meshlog.proxy.snapshot.SnapshotHistory;
import dev.meshlog.proxy.tcp.TcpRoute;
import dev.meshlog.proxy.tcp.TcpStats;
import dev.meshlog.proxy.tcp.TcpStatsFixtures;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TcpStatsSectionTest {

  private static final TcpRoute MYSQL = new TcpRoute("mysql.db.svc.cluster.local", 3306,
      List.of(new WeightedCluster("outbound|3306||mysql.db.svc.cluster.local", 100)));

  private final TcpStats stats = new TcpStats();
  private final AdminView view = new AdminView("p", new LiveConfig(), new SnapshotHistory(), () -> 0, () -> 0L, () -> 0, stats);

  @Test
  void shouldCountConnectionsBytesAndFailuresPerRoute() {
    TcpStatsFixtures.connection(stats, MYSQL, 100, 2_000);
    TcpStatsFixtures.connection(stats, MYSQL, 5, 7);
    TcpStatsFixtures.upstreamFailure(stats, MYSQL, 2);

    Map<String, Double> samples = ExpositionFormat.parse(StatsPage.render(view));

    String labels = "{route=\"mysql.db.svc.cluster.local\",port=\"3306\"}";
    assertEquals(3.0, samples.get("meshlog_proxy_tcp_connections_opened_total" + labels), samples.toString());
    assertEquals(3.0, samples.get("meshlog_proxy_tcp_connections_closed_total" + labels));
    assertEquals(105.0, samples.get("meshlog_proxy_tcp_received_bytes_total" + labels));
    assertEquals(2_007.0, samples.get("meshlog_proxy_tcp_sent_bytes_total" + labels));
    assertEquals(2.0, samples.get("meshlog_proxy_tcp_connect_failures_total" + labels));
    assertEquals(1.0, samples.get("meshlog_proxy_tcp_upstream_failures_total" + labels));
    assertEquals(0.0, samples.get("meshlog_proxy_tcp_no_healthy_upstream_total" + labels));
  }

  @Test
  void shouldShowNoTcpFamiliesBeforeAnyTcpRouteServedAConnection() {
    Map<String, Double> samples = ExpositionFormat.parse(StatsPage.render(view));

    assertFalse(samples.keySet().stream().anyMatch(name -> name.startsWith("meshlog_proxy_tcp_")), samples.toString());
  }
}
