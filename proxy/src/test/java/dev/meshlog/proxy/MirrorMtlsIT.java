package dev.meshlog.proxy;

import static dev.meshlog.proxy.WireSnapshots.cluster;
import static dev.meshlog.proxy.WireSnapshots.clusterConfig;
import static dev.meshlog.proxy.WireSnapshots.endpoint;
import static dev.meshlog.proxy.WireSnapshots.weighted;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.avro.ClusterConfig;
import dev.meshlog.avro.EndpointConfig;
import dev.meshlog.avro.MtlsMode;
import dev.meshlog.avro.ProxySnapshot;
import dev.meshlog.avro.RouteRule;
import dev.meshlog.kafka.local.KafkaBroker;
import dev.meshlog.proxy.mtls.MtlsStats.Counter;
import dev.meshlog.proxy.mtls.TestCa;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A mirror to a workload whose sidecar is STRICT: the copy goes over mesh mTLS, as a real request
 * to that endpoint would (auto mTLS: the endpoint has an identity and the client a certificate),
 * with the server's identity checked; the primary request, to a plain backend, is unaffected.
 */
@ExtendWith(KafkaBroker.class)
class MirrorMtlsIT {

  @RegisterExtension
  static final SnapshotFeed feed = new SnapshotFeed("mirror-mtls");

  private final TestCa ca = TestCa.withIntermediate("mesh");

  /** A STRICT sidecar in front of {@code app}, holding the reviews identity. */
  private Sidecar strictServer(BackendApp app) throws Exception {
    Sidecar server = Sidecar.start(new SidecarConfig(KafkaBroker.uniqueName("reviews"), "reviews", WireSnapshots.NS,
        Map.of("version", "v2"), "127.0.0.1", SidecarConfig.ANY_PORT, app.port(), 0, feed.bootstrap(), feed.topics()));
    try {
      TestCa.Issued cert = ca.issue(MtlsSnapshots.REVIEWS);
      server.credentials().install(cert.key(), cert.chain());
      feed.publish(server.proxyId(), MtlsSnapshots.server(server.proxyId(), 1, ca.rootPem(), MtlsMode.STRICT, Map.of()));
      await().atMost(Duration.ofSeconds(60)).until(() -> server.appliedVersion() == 1);
      return server;
    } catch (Exception | AssertionError e) {
      server.close();
      throw e;
    }
  }

  /**
   * A client with the productpage identity whose reviews route goes to {@code live} (plain, no
   * identity) and mirrors every request to {@code server}, expected to be {@code mirrorIdentity}.
   */
  private Sidecar clientMirroringTo(BackendApp live, Sidecar server, String mirrorIdentity) throws Exception {
    RouteRule rule = RouteRule.newBuilder().setName("mirrored").setClusters(List.of(weighted("", 100)))
        .setMirrorCluster(cluster("shadow")).setMirrorPercentage(100.0).build();
    EndpointConfig shadow = EndpointConfig.newBuilder(endpoint(server.inboundPort(), "reviews-v2", "v2"))
        .setIdentity(mirrorIdentity).build();
    List<ClusterConfig> clusters = List.of(clusterConfig("", List.of(endpoint(live.port(), "reviews-v1", "v1"))),
        clusterConfig("shadow", List.of(shadow)));
    Sidecar client = feed.clientApplying(id -> {
      ProxySnapshot base = WireSnapshots.snapshotWithRules(id, 1, List.of(rule), clusters);
      return ProxySnapshot.newBuilder(base).setTrustDomain(MtlsSnapshots.TRUST_DOMAIN)
          .setTrustBundle(List.of(ca.rootPem())).build();
    });
    TestCa.Issued cert = ca.issue(MtlsSnapshots.PRODUCTPAGE);
    client.credentials().install(cert.key(), cert.chain());
    return client;
  }

  private static long stat(Sidecar sidecar, Counter counter) {
    return sidecar.credentials().stats().get(counter);
  }

  @Test
  void shouldMirrorOverMutualTlsToAStrictSidecarWhileThePrimaryGoesPlain() throws Exception {
    try (BackendApp live = BackendApp.start("live"); BackendApp mirror = BackendApp.start("mirror");
        Sidecar server = strictServer(mirror);
        Sidecar client = clientMirroringTo(live, server, MtlsSnapshots.REVIEWS);
        RawHttpClient raw = new RawHttpClient(client.outboundPort())) {
      for (int i = 0; i < 3; i++) {
        RawHttpClient.Response response = raw.get("reviews", "/orders/" + i);
        assertEquals(200, response.status(), response.toString());
        assertEquals("live", response.body(), "the client gets the primary's answer");
      }
      await().atMost(Duration.ofSeconds(60)).until(() -> mirror.requests() == 3);
      assertTrue(mirror.lastUri().startsWith("/orders/"), mirror.lastUri()); // copies race on their own connections
      assertTrue(mirror.lastHeaders().contains("host: reviews-shadow"), "mirror saw " + mirror.lastHeaders());
      assertEquals(3, live.requests());
      // The primary is plain: every handshake the client made was a mirror's, with this server.
      await().atMost(Duration.ofSeconds(60)).until(() -> stat(client, Counter.HANDSHAKE) >= 1
          && stat(server, Counter.HANDSHAKE) == stat(client, Counter.HANDSHAKE));
      assertEquals(0, stat(server, Counter.PLAINTEXT_REFUSED), "no copy came in plain text");
    }
  }

  @Test
  void shouldDropTheCopyWhenTheMirrorIsNotItsExpectedIdentityAndStillServeThePrimary() throws Exception {
    try (BackendApp live = BackendApp.start("live"); BackendApp mirror = BackendApp.start("mirror");
        Sidecar server = strictServer(mirror);
        Sidecar client = clientMirroringTo(live, server, "spiffe://cluster.local/ns/default/sa/ratings");
        RawHttpClient raw = new RawHttpClient(client.outboundPort())) {
      for (int i = 0; i < 3; i++) {
        RawHttpClient.Response response = raw.get("reviews", "/orders/" + i);
        assertEquals(200, response.status(), response.toString());
        assertEquals("live", response.body());
      }
      await().atMost(Duration.ofSeconds(60)).until(() -> stat(client, Counter.FAIL_VERIFY_SAN) >= 1);
      assertEquals(0, stat(client, Counter.HANDSHAKE), "no mTLS connection to a server of another identity");
      assertEquals(0, mirror.requests(), "the copy never reached the app");
      assertEquals(0, stat(server, Counter.PLAINTEXT_REFUSED), "nor was it sent in plain text");
      assertEquals(3, live.requests());
    }
  }
}
