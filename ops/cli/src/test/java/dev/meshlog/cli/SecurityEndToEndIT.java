package dev.meshlog.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.kafka.local.KafkaBroker;
import dev.meshlog.proxy.Sidecar;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 5 end to end on a real broker: the engine's CA signs each sidecar's CSR (its key never leaves
 * it), the snapshots carry the trust bundle and the peers' identities, the sidecars talk mutual TLS,
 * a STRICT PeerAuthentication refuses plain text, and an AuthorizationPolicy on the client's SPIFFE
 * principal answers 403 RBAC.
 */
@ExtendWith(KafkaBroker.class)
class SecurityEndToEndIT {

  private static final Duration PATIENCE = Duration.ofSeconds(60);
  private static MeshUnderTest mesh;
  private static HttpClient http;

  @BeforeAll
  static void startMesh() throws Exception {
    mesh = new MeshUnderTest(true);
    http = mesh.httpThroughClient();
    await().atMost(PATIENCE).until(() -> mesh.client.credentials().hasCertificate()
        && mesh.reviews.stream().allMatch(r -> r.credentials().hasCertificate()));
  }

  @AfterAll
  static void stopMesh() {
    if (mesh != null) {
      mesh.close();
    }
  }

  @Test
  void shouldIssueEachSidecarItsCertificateAndTalkMutualTlsThenRefusePlainTextUnderStrict() throws Exception {
    assertTrue(mesh.engine.caMetrics().orElseThrow().issued() >= 3, "one certificate per sidecar");
    // Auto mTLS: once the client's snapshot carries the bundle and reviews' identities, it dials TLS.
    await().atMost(PATIENCE).until(() -> get("/").statusCode() == 200 && counter(mesh.reviews.get(0), "ssl_handshake")
        + counter(mesh.reviews.get(1), "ssl_handshake") > 0);

    CliRun strict = mesh.apply("src/test/resources/security/strict.yaml", "mTLS everywhere");
    assertEquals(0, strict.exitCode(), strict.toString());
    Sidecar v1 = mesh.reviews.get(0);
    await().atMost(PATIENCE).until(() -> plainTextRefused(v1));

    assertEquals(200, get("/").statusCode(), "sidecar to sidecar traffic is mutual TLS, so STRICT lets it through");
    assertTrue(counter(v1, "mtls_plaintext_refused") >= 1);
  }

  @Test
  void shouldDenyThePrincipalThePolicyNamesWith403Rbac() throws Exception {
    await().atMost(PATIENCE).until(() -> get("/admin/users").statusCode() == 200);

    CliRun deny = mesh.apply("src/test/resources/security/deny-admin-to-client.yaml", "client may not administer reviews");
    assertEquals(0, deny.exitCode(), deny.toString());

    await().atMost(PATIENCE).until(() -> get("/admin/users").statusCode() == 403);
    HttpResponse<String> denied = get("/admin/users");
    assertEquals("RBAC: access denied", denied.body().strip());
    assertTrue(denied.headers().firstValue("x-meshlog-response-flags").orElse("").contains("RBAC"), denied.headers().toString());
    assertEquals(200, get("/").statusCode(), "the policy names /admin* only");
    assertTrue(counter(mesh.reviews.get(0), "rbac_denied") + counter(mesh.reviews.get(1), "rbac_denied") >= 1);
  }

  private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create("http://reviews" + path)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** A plain HTTP/1.1 request straight to the sidecar's inbound port: true when it gets no answer. */
  private static boolean plainTextRefused(Sidecar sidecar) {
    try (Socket socket = new Socket("127.0.0.1", sidecar.inboundPort())) {
      socket.setSoTimeout(5_000);
      OutputStream out = socket.getOutputStream();
      out.write("GET / HTTP/1.1\r\nHost: reviews\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      return in.read() == -1;
    } catch (IOException e) {
      return true; // reset: refused as well
    }
  }

  /** A counter from the sidecar's admin /stats, {@code meshlog_proxy_<name>_total}. */
  private static long counter(Sidecar sidecar, String name) throws IOException, InterruptedException {
    String stats = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + sidecar.adminPort() + "/stats")).build(), HttpResponse.BodyHandlers.ofString()).body();
    String metric = "meshlog_proxy_" + name + "_total ";
    return stats.lines().filter(line -> line.startsWith(metric))
        .mapToLong(line -> (long) Double.parseDouble(line.substring(metric.length()).trim())).sum();
  }
}
