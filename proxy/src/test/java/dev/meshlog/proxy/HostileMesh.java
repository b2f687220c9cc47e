package dev.meshlog.proxy;

import static dev.meshlog.proxy.WireSnapshots.NS;
import static dev.meshlog.proxy.WireSnapshots.clusterConfig;
import static dev.meshlog.proxy.WireSnapshots.endpoint;
import static dev.meshlog.proxy.WireSnapshots.weighted;
import static org.awaitility.Awaitility.await;

import dev.meshlog.kafka.local.KafkaBroker;
import dev.meshlog.proxy.listener.limits.DownstreamLimits;
import dev.meshlog.proxy.listener.limits.Rejection;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The path a well-behaved request takes while attackers hit its listeners: a client sidecar's
 * outbound listener, routed to a server sidecar's inbound listener, to the app. Both sidecars run
 * {@code limits}; attacks go straight at {@link #outboundPort()} and {@link #inboundPort()}.
 */
final class HostileMesh implements AutoCloseable {

  static final String OUTBOUND = "outbound";
  static final String INBOUND = "inbound";

  final H2Backend app;
  final Sidecar server;
  final Sidecar client;

  private HostileMesh(H2Backend app, Sidecar server, Sidecar client) {
    this.app = app;
    this.server = server;
    this.client = client;
  }

  static HostileMesh start(SnapshotFeed feed, DownstreamLimits limits) throws Exception {
    SidecarTuning tuning = SidecarTuning.defaults().withDownstreamLimits(limits);
    // Speaks HTTP/1.1 and h2c: a request that came in over HTTP/2 reaches the app over h2c.
    H2Backend app = H2Backend.start("app");
    Sidecar server = null;
    try {
      server = feed.ready(Sidecar.start(new SidecarConfig(KafkaBroker.uniqueName("reviews"), "reviews", NS,
          Map.of("version", "v1"), "127.0.0.1", SidecarConfig.ANY_PORT, app.port(), 0, feed.bootstrap(), feed.topics()), tuning));
      String clientId = KafkaBroker.uniqueName("productpage");
      Sidecar client = Sidecar.start(new SidecarConfig(clientId, "productpage", NS, Map.of(), "127.0.0.1", 0, 0, 0,
          feed.bootstrap(), feed.topics()), tuning);
      feed.publish(clientId, WireSnapshots.snapshot(clientId, 1, List.of(weighted("", 100)),
          List.of(clusterConfig("", List.of(endpoint(server.inboundPort(), "reviews-v1", "v1"))))));
      await().atMost(Duration.ofSeconds(60)).until(() -> client.appliedVersion() == 1);
      return new HostileMesh(app, server, client);
    } catch (Exception | AssertionError e) {
      if (server != null) {
        server.close();
      }
      app.close();
      throw e;
    }
  }

  int outboundPort() {
    return client.outboundPort();
  }

  int inboundPort() {
    return server.inboundPort();
  }

  /** The sidecar whose {@code listener} an attack on it hits. */
  Sidecar owner(String listener) {
    return OUTBOUND.equals(listener) ? client : server;
  }

  int port(String listener) {
    return OUTBOUND.equals(listener) ? outboundPort() : inboundPort();
  }

  /** {@code meshlog_proxy_downstream_rejected_total} of {@code listener} for {@code reason}, from /stats/prometheus. */
  long rejected(String listener, Rejection reason) throws IOException, InterruptedException {
    return Math.round(AdminPages.stats(owner(listener)).getOrDefault("meshlog_proxy_downstream_rejected_total{listener=\""
        + listener + "\",reason=\"" + reason.label() + "\"}", -1.0));
  }

  /** {@code meshlog_proxy_downstream_cx_active} of {@code listener}. */
  long openConnections(String listener) throws IOException, InterruptedException {
    return Math.round(AdminPages.stats(owner(listener)).getOrDefault(
        "meshlog_proxy_downstream_cx_active{listener=\"" + listener + "\"}", -1.0));
  }

  @Override
  public void close() {
    client.close();
    server.close();
    app.close();
  }
}
