package dev.meshlog.proxy;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.avro.ClientTlsMode;
import dev.meshlog.avro.MtlsMode;
import dev.meshlog.avro.Reporter;
import dev.meshlog.avro.RequestTelemetry;
import dev.meshlog.kafka.local.KafkaBroker;
import dev.meshlog.proxy.mtls.MtlsStats.Counter;
import dev.meshlog.proxy.mtls.TestCa;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Mesh mTLS over real sockets: a client sidecar's outbound listener -> the server sidecar's inbound
 * listener -> a real app, with certificates minted per test, under each PeerAuthentication mode and
 * DestinationRule tls mode, and each refused case counted on the sidecar's stats.
 */
@ExtendWith(KafkaBroker.class)
class MtlsIT {

  @RegisterExtension
  static final SnapshotFeed feed = new SnapshotFeed("mtls");

  private final TestCa ca = TestCa.withIntermediate("mesh");

  private Sidecar server(H2Backend app, TestCa.Issued cert, MtlsMode mode, Map<String, MtlsMode> ports) throws Exception {
    Sidecar server = Sidecar.start(new SidecarConfig(KafkaBroker.uniqueName("reviews"), "reviews", WireSnapshots.NS,
        Map.of("version", "v1"), "127.0.0.1", SidecarConfig.ANY_PORT, app.port(), 0, feed.bootstrap(), feed.topics()));
    try {
      if (cert != null) {
        server.credentials().install(cert.key(), cert.chain());
      }
      publishServer(server, 1, mode, ports);
      return server;
    } catch (Exception | AssertionError e) {
      server.close();
      throw e;
    }
  }

  private void publishServer(Sidecar server, long version, MtlsMode mode, Map<String, MtlsMode> ports) throws Exception {
    feed.publish(server.proxyId(), MtlsSnapshots.server(server.proxyId(), version, ca.rootPem(), mode, ports));
    await().atMost(Duration.ofSeconds(60)).until(() -> server.appliedVersion() == version);
  }

  private Sidecar client(Sidecar server, String identity, ClientTlsMode tls, TestCa.Issued cert) throws Exception {
    Sidecar client = feed.clientApplying(id -> MtlsSnapshots.client(id, server.inboundPort(), identity, tls, ca.rootPem()));
    if (cert != null) {
      client.credentials().install(cert.key(), cert.chain());
    }
    return client;
  }

  /** 503 UF, after the default retries on connect-failure ("URX" when they ran out), as Envoy treats TLS failures. */
  private static void assertUpstreamFailure(RawHttpClient.Response response) {
    assertEquals(503, response.status(), response.toString());
    String flags = response.headers().get("x-meshlog-response-flags");
    assertTrue(flags.equals("UF") || flags.equals("UF,URX"), flags);
  }

  private static long stat(Sidecar sidecar, Counter counter) {
    return sidecar.credentials().stats().get(counter);
  }

  /** A plain HTTP/1.1 request straight to {@code port}; "" when the connection was closed without an answer. */
  private static String plainGet(int port) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(30_000);
      socket.getOutputStream().write("GET /plain HTTP/1.1\r\nHost: reviews\r\nConnection: close\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      try {
        in.transferTo(all);
      } catch (IOException reset) {
        // refused: reset rather than closed
      }
      return all.toString(StandardCharsets.US_ASCII);
    }
  }

  @Test
  void shouldRelayOverMutualTlsBetweenSidecarsAndRefusePlaintextUnderStrict() throws Exception {
    try (H2Backend app = H2Backend.start("app");
        Sidecar server = server(app, ca.issue(MtlsSnapshots.REVIEWS), MtlsMode.STRICT, Map.of());
        Sidecar client = client(server, MtlsSnapshots.REVIEWS, ClientTlsMode.ISTIO_MUTUAL, ca.issue(MtlsSnapshots.PRODUCTPAGE));
        RawHttpClient raw = new RawHttpClient(client.outboundPort());
        TopicProbe<RequestTelemetry> telemetry = new TopicProbe<>(feed.bootstrap(), feed.topics().telemetryRequests())) {
      for (int i = 0; i < 5; i++) {
        RawHttpClient.Response response = raw.get("reviews", "/mtls/" + i);
        assertEquals(200, response.status(), response.toString());
        assertEquals("app", response.body());
      }
      assertEquals(1, stat(client, Counter.HANDSHAKE), "one pooled mTLS connection served every request");
      assertEquals(1, stat(server, Counter.HANDSHAKE));

      assertEquals("", plainGet(server.inboundPort()), "STRICT closes a plaintext connection before any HTTP");
      assertEquals(1, stat(server, Counter.PLAINTEXT_REFUSED));
      String stats = AdminPages.get(server, "/stats");
      assertTrue(stats.contains("meshlog_proxy_mtls_plaintext_refused_total 1"), stats);
      assertTrue(stats.contains("meshlog_proxy_ssl_handshake_total 1"), stats);

      List<RequestTelemetry> reports = telemetry.awaitValues(values -> values.stream()
          .filter(t -> t.getReporterProxy().equals(client.proxyId())).count() >= 5);
      RequestTelemetry report = reports.stream().filter(t -> t.getReporterProxy().equals(client.proxyId())).findFirst().orElseThrow();
      assertEquals("mutual_tls", report.getConnectionSecurityPolicy());
      assertEquals(MtlsSnapshots.REVIEWS, report.getDestinationPrincipal());
      assertEquals(MtlsSnapshots.PRODUCTPAGE, report.getSourcePrincipal(), "the client's own installed certificate");

      // The server's report (DESTINATION): the peer's principal, and the namespace it names.
      List<RequestTelemetry> inbound = telemetry.awaitValues(values -> values.stream()
          .anyMatch(t -> t.getReporterProxy().equals(server.proxyId())));
      RequestTelemetry received = inbound.stream().filter(t -> t.getReporterProxy().equals(server.proxyId())).findFirst().orElseThrow();
      assertEquals(Reporter.DESTINATION, received.getReporter());
      assertEquals("mutual_tls", received.getConnectionSecurityPolicy());
      assertEquals(MtlsSnapshots.PRODUCTPAGE, received.getSourcePrincipal());
      assertEquals("default", received.getSourceNamespace());
      assertEquals(MtlsSnapshots.REVIEWS, received.getDestinationPrincipal());
    }
  }

  @Test
  void shouldCarryH2BetweenSidecarsOverMutualTlsWithAutoMtls() throws Exception {
    try (H2Backend app = H2Backend.start("app");
        Sidecar server = server(app, ca.issue(MtlsSnapshots.REVIEWS), MtlsMode.STRICT, Map.of());
        Sidecar client = client(server, MtlsSnapshots.REVIEWS, null, ca.issue(MtlsSnapshots.PRODUCTPAGE));
        H2TestClient h2 = H2TestClient.h2c(client.outboundPort())) {
      H2TestClient.Response response = h2.send(H2TestClient.get("reviews", "/h2")).get(60, TimeUnit.SECONDS);
      assertEquals("app|/h2|", response.text());
      assertEquals(List.of("h2"), List.copyOf(app.protocols()));
      assertEquals(1, stat(server, Counter.HANDSHAKE), "auto mTLS: the endpoint has an identity and the client a certificate");
    }
  }

  @Test
  void shouldAcceptPlaintextH2cAndMutualTlsUnderPermissive() throws Exception {
    TestCa.Issued caller = ca.issue(MtlsSnapshots.PRODUCTPAGE);
    try (H2Backend app = H2Backend.start("app");
        Sidecar server = server(app, ca.issue(MtlsSnapshots.REVIEWS), MtlsMode.UNSET, Map.of())) {
      assertTrue(plainGet(server.inboundPort()).startsWith("HTTP/1.1 200"), "plaintext HTTP/1.1");
      try (H2TestClient h2c = H2TestClient.h2c(server.inboundPort())) {
        assertEquals("app|/h2c|", h2c.send(H2TestClient.get("reviews", "/h2c")).get(60, TimeUnit.SECONDS).text());
      }
      try (MeshTlsClient tls = new MeshTlsClient(server.inboundPort(), caller, ca.root())) {
        assertEquals("200 app", tls.get("/tls"));
      }
      assertEquals(1, stat(server, Counter.HANDSHAKE));
      assertEquals(0, stat(server, Counter.PLAINTEXT_REFUSED));
    }
  }

  @Test
  void shouldTakeOnlyPlaintextUnderDisable() throws Exception {
    try (H2Backend app = H2Backend.start("app");
        Sidecar server = server(app, ca.issue(MtlsSnapshots.REVIEWS), MtlsMode.DISABLE, Map.of());
        Sidecar plainClient = client(server, MtlsSnapshots.REVIEWS, ClientTlsMode.DISABLE, ca.issue(MtlsSnapshots.PRODUCTPAGE));
        RawHttpClient raw = new RawHttpClient(plainClient.outboundPort())) {
      assertEquals(200, raw.get("reviews", "/plain").status());
      assertEquals(0, stat(plainClient, Counter.HANDSHAKE), "tls DISABLE: plaintext although both hold certificates");
      try (Sidecar mtlsClient = client(server, MtlsSnapshots.REVIEWS, ClientTlsMode.ISTIO_MUTUAL, ca.issue(MtlsSnapshots.PRODUCTPAGE));
          RawHttpClient toTls = new RawHttpClient(mtlsClient.outboundPort())) {
        RawHttpClient.Response refused = toTls.get("reviews", "/tls");
        assertEquals(503, refused.status(), "a DISABLE server does not speak TLS");
        assertUpstreamFailure(refused);
      }
    }
  }

  @Test
  void shouldApplyAPortLevelOverrideAndAPolicyChangeToNewConnections() throws Exception {
    try (H2Backend app = H2Backend.start("app");
        Sidecar server = server(app, ca.issue(MtlsSnapshots.REVIEWS), MtlsMode.STRICT,
            Map.of(String.valueOf(app.port()), MtlsMode.PERMISSIVE))) {
      assertTrue(plainGet(server.inboundPort()).startsWith("HTTP/1.1 200"), "the app port is PERMISSIVE");
      publishServer(server, 2, MtlsMode.STRICT, Map.of(String.valueOf(app.port() + 1), MtlsMode.PERMISSIVE));
      assertEquals("", plainGet(server.inboundPort()), "another port's override does not apply");
      assertEquals(1, stat(server, Counter.PLAINTEXT_REFUSED));
    }
  }

  @Test
  void shouldRefuseAServerThatIsNotTheEndpointsIdentityWith503UF() throws Exception {
    try (H2Backend app = H2Backend.start("app");
        Sidecar server = server(app, ca.issue(MtlsSnapshots.REVIEWS), MtlsMode.STRICT, Map.of());
        Sidecar client = client(server, "spiffe://cluster.local/ns/default/sa/ratings", ClientTlsMode.ISTIO_MUTUAL,
            ca.issue(MtlsSnapshots.PRODUCTPAGE));
        RawHttpClient raw = new RawHttpClient(client.outboundPort())) {
      RawHttpClient.Response response = raw.get("reviews", "/wrong-san");
      assertEquals(503, response.status());
      assertUpstreamFailure(response);
      assertTrue(stat(client, Counter.FAIL_VERIFY_SAN) >= 1);
      assertEquals(0, app.protocols().size(), "nothing reached the app");
    }
  }

  @Test
  void shouldRefuseServersWithAnExpiredCertificateAnUntrustedCaOrAnotherTrustDomain() throws Exception {
    TestCa.Issued expired = ca.issue(Instant.now().minus(Duration.ofDays(2)), Instant.now().minus(Duration.ofDays(1)),
        MtlsSnapshots.REVIEWS);
    TestCa.Issued untrusted = TestCa.create("rogue").issue(MtlsSnapshots.REVIEWS);
    TestCa.Issued foreign = ca.issue("spiffe://evil.example/ns/default/sa/reviews");
    assertRefusedServer(expired, "", Counter.FAIL_VERIFY_ERROR);
    assertRefusedServer(untrusted, "", Counter.FAIL_VERIFY_ERROR);
    assertRefusedServer(foreign, "", Counter.FAIL_VERIFY_SAN);
  }

  private void assertRefusedServer(TestCa.Issued serverCert, String identity, Counter expected) throws Exception {
    try (H2Backend app = H2Backend.start("app");
        Sidecar server = server(app, serverCert, MtlsMode.STRICT, Map.of());
        Sidecar client = client(server, identity, ClientTlsMode.ISTIO_MUTUAL, ca.issue(MtlsSnapshots.PRODUCTPAGE));
        RawHttpClient raw = new RawHttpClient(client.outboundPort())) {
      RawHttpClient.Response response = raw.get("reviews", "/refused");
      assertEquals(503, response.status(), expected + ": " + response);
      assertUpstreamFailure(response);
      assertTrue(stat(client, expected) >= 1, expected + " counted: " + client.credentials().stats().snapshot());
      assertEquals(0, stat(client, Counter.HANDSHAKE));
    }
  }

  @Test
  void shouldRefuseClientsWithAnExpiredCertificateAnUntrustedCaOrAnotherTrustDomain() throws Exception {
    TestCa.Issued expired = ca.issue(Instant.now().minus(Duration.ofDays(2)), Instant.now().minus(Duration.ofDays(1)),
        MtlsSnapshots.PRODUCTPAGE);
    TestCa.Issued untrusted = TestCa.create("rogue").issue(MtlsSnapshots.PRODUCTPAGE);
    TestCa.Issued foreign = ca.issue("spiffe://evil.example/ns/default/sa/productpage");
    try (H2Backend app = H2Backend.start("app");
        Sidecar server = server(app, ca.issue(MtlsSnapshots.REVIEWS), MtlsMode.STRICT, Map.of())) {
      assertRefusedClient(server, expired);
      assertRefusedClient(server, untrusted);
      assertEquals(2, stat(server, Counter.FAIL_VERIFY_ERROR), server.credentials().stats().snapshot().toString());
      assertRefusedClient(server, foreign);
      assertEquals(1, stat(server, Counter.FAIL_VERIFY_SAN));
      assertEquals(0, stat(server, Counter.HANDSHAKE));
      assertEquals(0, app.protocols().size());
    }
  }

  /** TLS 1.3: the client's handshake ends before the server checks its certificate; the refusal shows on first use. */
  private void assertRefusedClient(Sidecar server, TestCa.Issued clientCert) {
    try (MeshTlsClient tls = new MeshTlsClient(server.inboundPort(), clientCert, ca.root())) {
      String answer = tls.get("/refused");
      throw new AssertionError("served a refused client: " + answer);
    } catch (AssertionError e) {
      throw e;
    } catch (Exception expected) {
      // closed by the server
    }
  }

  @Test
  void shouldRefuseEverythingUnderStrictWithoutACertificateAndFailIstioMutualWithoutOne() throws Exception {
    try (H2Backend app = H2Backend.start("app");
        Sidecar server = server(app, null, MtlsMode.STRICT, Map.of());
        Sidecar client = client(server, MtlsSnapshots.REVIEWS, ClientTlsMode.ISTIO_MUTUAL, null);
        RawHttpClient raw = new RawHttpClient(client.outboundPort())) {
      assertEquals("", plainGet(server.inboundPort()));
      assertEquals(1, stat(server, Counter.NO_CERTIFICATE));
      RawHttpClient.Response response = raw.get("reviews", "/no-cert");
      assertEquals(503, response.status());
      assertUpstreamFailure(response);
      assertTrue(stat(client, Counter.NO_CERTIFICATE) >= 1);
    }
  }

  @Test
  void shouldKeepAnOpenConnectionAcrossARotationAndPresentTheNewCertificateOnTheNext() throws Exception {
    TestCa.Issued first = ca.issue(MtlsSnapshots.REVIEWS);
    TestCa.Issued caller = ca.issue(MtlsSnapshots.PRODUCTPAGE);
    try (H2Backend app = H2Backend.start("app");
        Sidecar server = server(app, first, MtlsMode.STRICT, Map.of());
        MeshTlsClient before = new MeshTlsClient(server.inboundPort(), caller, ca.root())) {
      assertEquals("200 app", before.get("/before"));
      TestCa.Issued second = ca.issue(MtlsSnapshots.REVIEWS);
      server.credentials().install(second.key(), second.chain());
      assertEquals(second.leaf(), server.credentials().leaf().orElseThrow());

      assertEquals("200 app", before.get("/after"), "the keep-alive connection outlived the rotation");
      assertEquals(first.leaf(), before.serverCertificate());
      try (MeshTlsClient after = new MeshTlsClient(server.inboundPort(), caller, ca.root())) {
        assertEquals("200 app", after.get("/new"));
        assertEquals(second.leaf(), after.serverCertificate());
        assertNotEquals(first.leaf(), after.serverCertificate());
      }
    }
  }
}
