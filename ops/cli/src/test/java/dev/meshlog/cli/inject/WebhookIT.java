package dev.meshlog.cli.inject;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.engine.ca.CaSettings;
import dev.meshlog.engine.ca.MeshCa;
import dev.meshlog.engine.ca.SigningCa;
import io.fabric8.zjsonpatch.JsonPatch;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;

/** The real HTTPS webhook with a certificate the mesh CA issued, called by a client that trusts only the mesh root. */
class WebhookIT {

  private static final String HOST = "meshlog-webhook.mesh-system.svc";

  @TempDir Path dataDir;

  @Test
  void shouldAnswerAnAdmissionReviewOverTlsVerifiedAgainstTheMeshRoot() throws Exception {
    SigningCa ca = meshCa();
    WebhookCommand command = new WebhookCommand();
    new CommandLine(command).parseArgs("--ca-dir", dataDir.resolve("ca").toString(), "--namespace", "mesh-system",
        "--image", "example/meshlog:4", "--bootstrap", "kafka:9092");
    ServingCertificate certificate = command.certificate(Map.of());
    assertEquals(ca.root(), certificate.caCertificate(), "the caBundle is the mesh root");

    WebhookStats stats = new WebhookStats();
    SidecarInjector injector = new SidecarInjector(new InjectionSettings("example/meshlog:4", "kafka:9092"));
    try (WebhookServer server = WebhookServer.start("127.0.0.1", 0, certificate, new AdmissionPatcher(injector, stats), stats)) {
      SSLContext client = trustingOnly(ca.root());
      JsonNode pod = Manifests.documents(Manifests.fixture("pods.yaml")).get(0);

      String answer = post(client, server.port(), HOST, "/inject", AdmissionReviews.forPod("it-1", pod));

      JsonNode patched = JsonPatch.apply(AdmissionPatcher.patchOf(answer), pod);
      assertEquals("meshlog-proxy", patched.path("spec").path("containers").get(1).path("name").asString());
      assertEquals("example/meshlog:4", patched.path("spec").path("containers").get(1).path("image").asString());
      assertEquals("it-1", AdmissionReviews.JSON.readTree(answer).path("response").path("uid").asString());
      assertEquals(1, stats.injectedCount());
      for (String name : ServingCertificateIssuer.dnsNames("meshlog-webhook", "mesh-system")) {
        assertTrue(post(client, server.port(), name, "/ready", null).contains("ready"), name);
      }
      assertTrue(post(client, server.port(), name(), "/stats", null).contains("meshlog_webhook_injected_total 1"));
      // Hostname verification is on: a name outside the DNS SANs fails the handshake.
      assertThrows(SSLHandshakeException.class, () -> post(client, server.port(), "meshlog-webhook.other.svc", "/ready", null));
      // And trust is the mesh root only: a client trusting another root refuses the webhook.
      SSLContext stranger = trustingOnly(otherCa().root());
      assertThrows(SSLHandshakeException.class, () -> post(stranger, server.port(), HOST, "/ready", null));
    }
  }

  private static String name() {
    return HOST + ".cluster.local";
  }

  private SigningCa meshCa() throws IOException {
    String passphrase = "it-passphrase";
    Files.writeString(dataDir.resolve("ca-passphrase"), passphrase);
    return MeshCa.loadOrCreate(CaSettings.defaults(dataDir.resolve("ca"), "cluster.local"), passphrase.toCharArray(),
        Clock.systemUTC());
  }

  private SigningCa otherCa() {
    return MeshCa.loadOrCreate(CaSettings.defaults(dataDir.resolve("other-ca"), "cluster.local"), "x".toCharArray(),
        Clock.systemUTC());
  }

  private static SSLContext trustingOnly(X509Certificate root) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setCertificateEntry("mesh-root", root);
    TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(store);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return context;
  }

  /**
   * One HTTPS request to 127.0.0.1 as if to {@code host}: the TLS layer verifies the certificate
   * against {@code host} (HTTPS endpoint identification), the way the API server checks the Service name.
   */
  private static String post(SSLContext context, int port, String host, String path, byte[] body) throws IOException {
    try (Socket plain = new Socket()) {
      plain.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
      plain.setSoTimeout(30_000);
      try (SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(plain, host, port, true)) {
        SSLParameters parameters = tls.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        tls.setSSLParameters(parameters);
        tls.startHandshake();
        OutputStream out = tls.getOutputStream();
        String method = body == null ? "GET" : "POST";
        byte[] content = body == null ? new byte[0] : body;
        out.write((method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: application/json\r\n"
            + "Content-Length: " + content.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(content);
        out.flush();
        InputStream in = tls.getInputStream();
        ByteArrayOutputStream response = new ByteArrayOutputStream();
        in.transferTo(response);
        String text = response.toString(StandardCharsets.UTF_8);
        assertTrue(text.startsWith("HTTP/1.1 200"), text);
        return text.substring(text.indexOf("\r\n\r\n") + 4);
      }
    }
  }
}
