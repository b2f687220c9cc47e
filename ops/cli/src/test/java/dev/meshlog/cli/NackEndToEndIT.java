package dev.meshlog.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.kafka.local.KafkaBroker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The NACK path with real sidecars: a policy the data plane cannot enforce yet is refused by every
 * proxy it reaches, the proxies keep serving with their last good config, and the refusal shows on
 * proxy-status and on the status of the policy that caused it. A later enforceable change syncs them.
 */
@ExtendWith(KafkaBroker.class)
class NackEndToEndIT {

  /** Names resolved by the proxy (DNS resolution) wait for a resolver in the data plane: not enforceable yet. */
  private static final String DNS_ENTRY = """
      apiVersion: networking.istio.io/v1
      kind: ServiceEntry
      metadata: {name: payments, namespace: default}
      spec:
        hosts: [payments.example.com]
        location: MESH_EXTERNAL
        ports: [{number: 80, name: http, protocol: HTTP}]
        resolution: DNS
      """;

  /** The same entry with a static address: enforceable. */
  private static final String STATIC_ENTRY = DNS_ENTRY.replace("resolution: DNS",
      "resolution: STATIC\n  endpoints: [{address: 127.0.0.1}]");

  private static MeshUnderTest mesh;
  private static HttpClient http;

  @BeforeAll
  static void startMesh() throws Exception {
    mesh = new MeshUnderTest();
    http = mesh.httpThroughClient();
  }

  @AfterAll
  static void stopMesh() {
    if (mesh != null) {
      mesh.close();
    }
  }

  @Test
  void shouldParkANackedPolicyShowWhoRefusedItAndKeepServing(@TempDir Path dir) throws Exception {
    await().atMost(Duration.ofSeconds(60)).until(() -> reviewsStatus() == 200);
    long goodVersion = mesh.client.appliedVersion();
    Path file = Files.writeString(dir.resolve("payments-dns.yaml"), DNS_ENTRY);

    CliRun apply = mesh.apply(file.toString(), "payments by DNS");
    assertEquals(0, apply.exitCode(), apply.toString());
    assertTrue(apply.out().contains("ServiceEntry/default/payments accepted"), apply.out());

    CliRun detail = await().atMost(Duration.ofSeconds(60)).until(() -> mesh.cli("proxy-status", "client"),
        run -> run.out().contains("NACKED"));
    assertTrue(detail.out().contains("resolution DNS: not enforced by this proxy yet"), detail.out());

    CliRun status = await().atMost(Duration.ofSeconds(60)).until(() -> mesh.cli("status", "se/default/payments"),
        run -> run.out().contains("3 NACKed"));
    assertTrue(status.out().contains("applied to 0/3 proxies"), status.out());
    assertTrue(status.out().contains("client (v"), "the refusing proxy is named: " + status.out());

    assertEquals(goodVersion, mesh.client.appliedVersion(), "the client keeps its last good config");
    assertEquals(200, reviewsStatus(), "and keeps serving with it");

    CliRun fix = mesh.apply(Files.writeString(dir.resolve("payments-static.yaml"), STATIC_ENTRY).toString(),
        "payments at a static address");
    assertEquals(0, fix.exitCode(), fix.toString());
    CliRun synced = await().atMost(Duration.ofSeconds(60)).until(() -> mesh.cli("proxy-status", "client"),
        run -> run.out().contains("SYNCED"));
    assertTrue(synced.exitCode() == 0, synced.toString());
    await().atMost(Duration.ofSeconds(60)).until(() -> mesh.cli("status", "se/default/payments").out().contains("applied to 3/3 proxies"));
  }

  private static int reviewsStatus() throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://reviews/")).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode();
  }
}
