package dev.meshlog.proxy;

import static dev.meshlog.proxy.WireSnapshots.cluster;
import static dev.meshlog.proxy.WireSnapshots.clusterConfig;
import static dev.meshlog.proxy.WireSnapshots.endpoint;
import static dev.meshlog.proxy.WireSnapshots.weighted;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.avro.ClusterConfig;
import dev.meshlog.avro.ConnectionPoolSpec;
import dev.meshlog.kafka.local.KafkaBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A DestinationRule's connectionPool enforced as Envoy's circuit breakers, over real sockets against
 * a real slow backend ({@code /slow} answers after 700 ms). Istio's default retries do not retry a
 * 503 UO the proxy made itself, so the counts below hold with retries too.
 */
@ExtendWith(KafkaBroker.class)
class CircuitBreakingIT {

  @RegisterExtension
  static final SnapshotFeed feed = new SnapshotFeed("circuit");

  private static final String CLUSTER = cluster("");

  private static Sidecar clientWith(BackendApp app, ConnectionPoolSpec pool) throws Exception {
    ClusterConfig reviews = ClusterConfig.newBuilder(clusterConfig("", List.of(endpoint(app.port(), "reviews-a", "v1"))))
        .setConnectionPool(pool).build();
    return feed.clientApplying(proxyId -> WireSnapshots.snapshot(proxyId, 1, List.of(weighted("", 100)), List.of(reviews)));
  }

  /** A response and when it arrived. */
  private record Timed(RawHttpClient.Response response, long arrivedNanos) {}

  /** {@code GET path} on {@code n} client connections at once, each its own thread; in order of arrival. */
  private static List<Timed> concurrently(Sidecar client, int n, String path) throws Exception {
    List<RawHttpClient> clients = new ArrayList<>();
    ExecutorService threads = Executors.newFixedThreadPool(n);
    try {
      for (int i = 0; i < n; i++) {
        clients.add(new RawHttpClient(client.outboundPort()));
      }
      List<Future<Timed>> sent = new ArrayList<>();
      for (RawHttpClient raw : clients) {
        sent.add(threads.submit(() -> new Timed(raw.get("reviews", path), System.nanoTime())));
      }
      List<Timed> responses = new ArrayList<>();
      for (Future<Timed> response : sent) {
        responses.add(response.get(60, TimeUnit.SECONDS));
      }
      responses.sort(Comparator.comparingLong(Timed::arrivedNanos));
      return responses;
    } finally {
      threads.shutdownNow();
      for (RawHttpClient raw : clients) {
        raw.close();
      }
    }
  }

  private static List<Integer> statuses(List<Timed> responses) {
    return responses.stream().map(t -> t.response().status()).toList();
  }

  @Test
  void shouldQueueOneRequestAndRefuseTheThirdAtOnceWithOneConnectionAndOnePendingAllowed() throws Exception {
    ConnectionPoolSpec pool = ConnectionPoolSpec.newBuilder().setMaxConnections(1).setHttp1MaxPendingRequests(1).build();
    try (BackendApp app = BackendApp.start("a"); Sidecar client = clientWith(app, pool)) {
      List<Timed> responses = concurrently(client, 3, "/slow");

      assertEquals(List.of(503, 200, 200), statuses(responses), "the refusal comes first, before the slow answers");
      assertEquals("UO", responses.get(0).response().headers().get("x-meshlog-response-flags"));
      assertEquals("a", responses.get(2).response().body());
      assertEquals(2, app.requests());
      assertEquals(1, app.connections(), "the waiting request got the one connection when it was released");
      assertEquals(1.0, AdminPages.stat(client, "upstream_rq_pending_overflow_total", CLUSTER));
      assertTrue(AdminPages.stat(client, "upstream_cx_overflow_total", CLUSTER) >= 1.0);
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
        assertEquals(0.0, AdminPages.stat(client, "upstream_rq_pending_active", CLUSTER));
        assertEquals(0.0, AdminPages.stat(client, "upstream_rq_active", CLUSTER));
      });
    }
  }

  @Test
  void shouldRefuseRequestsBeyondHttp2MaxRequestsWithUpstreamOverflow() throws Exception {
    ConnectionPoolSpec pool = ConnectionPoolSpec.newBuilder().setHttp2MaxRequests(1).build();
    try (BackendApp app = BackendApp.start("a"); Sidecar client = clientWith(app, pool)) {
      List<Timed> responses = concurrently(client, 2, "/slow");

      assertEquals(List.of(503, 200), statuses(responses));
      assertEquals("UO", responses.get(0).response().headers().get("x-meshlog-response-flags"));
      assertEquals(1, app.requests());
      assertEquals(1.0, AdminPages.stat(client, "upstream_rq_pending_overflow_total", CLUSTER));
      try (RawHttpClient raw = new RawHttpClient(client.outboundPort())) {
        assertEquals(200, raw.get("reviews", "/").status(), "the slot is free again once the request ended");
      }
    }
  }

  @Test
  void shouldOpenANewConnectionAfterMaxRequestsPerConnection() throws Exception {
    ConnectionPoolSpec pool = ConnectionPoolSpec.newBuilder().setMaxRequestsPerConnection(2).build();
    try (BackendApp app = BackendApp.start("a"); Sidecar client = clientWith(app, pool);
        RawHttpClient raw = new RawHttpClient(client.outboundPort())) {
      for (int i = 0; i < 6; i++) {
        assertEquals(200, raw.get("reviews", "/").status());
      }
      assertEquals(3, app.connections(), "two requests per upstream connection");
    }
  }

  @Test
  void shouldCloseAnUpstreamConnectionIdleForTheIdleTimeout() throws Exception {
    ConnectionPoolSpec pool = ConnectionPoolSpec.newBuilder().setIdleTimeoutMs(200L).build();
    try (BackendApp app = BackendApp.start("a"); Sidecar client = clientWith(app, pool);
        RawHttpClient raw = new RawHttpClient(client.outboundPort())) {
      assertEquals(200, raw.get("reviews", "/").status());
      await().atMost(Duration.ofSeconds(60))
          .until(() -> AdminPages.stats(client).get("meshlog_proxy_upstream_connections") == 0.0);
      assertEquals(0.0, AdminPages.stat(client, "upstream_cx_active", CLUSTER));
      assertEquals(200, raw.get("reviews", "/").status());
      assertEquals(2, app.connections());
    }
  }
}
