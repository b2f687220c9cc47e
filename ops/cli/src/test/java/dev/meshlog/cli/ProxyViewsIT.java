package dev.meshlog.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.kafka.local.KafkaBroker;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What the engine tells about proxies after an apply, through the CLI: the client sidecar's
 * snapshot (proxy-config), its sync state (proxy-status) and the policy's rollout (status).
 */
@ExtendWith(KafkaBroker.class)
class ProxyViewsIT {

  private static final String V1_CLUSTER = "outbound|80|v1|reviews.default.svc.cluster.local";
  private static MeshUnderTest mesh;

  @BeforeAll
  static void startMeshAndApply() throws Exception {
    mesh = new MeshUnderTest();
    CliRun apply = mesh.apply("../demo/reviews-90-10.yaml", "canary v2");
    assertEquals(0, apply.exitCode(), apply.toString());
    assertTrue(apply.out().contains("VirtualService/default/reviews accepted"), apply.out());
  }

  @AfterAll
  static void stopMesh() {
    if (mesh != null) {
      mesh.close();
    }
  }

  @Test
  void shouldShowTheClientsSnapshotWithTheAppliedRoutes() {
    CliRun json = await().atMost(Duration.ofSeconds(60)).until(() -> mesh.cli("proxy-config", "client"),
        run -> run.exitCode() == 0 && run.out().contains(V1_CLUSTER));
    assertTrue(json.out().startsWith("{\n  \"proxyId\" : \"client\","), json.out());
    assertTrue(json.out().contains("\"name\" : \"reviews.default.svc.cluster.local\""), json.out());
    assertTrue(json.out().contains("\"weight\" : 90"), json.out());

    CliRun yaml = mesh.cli("proxy-config", "client", "-o", "yaml");
    assertEquals(0, yaml.exitCode(), yaml.toString());
    assertTrue(yaml.out().startsWith("proxyId: client\n"), yaml.out());
    assertTrue(yaml.out().contains("- cluster: " + V1_CLUSTER), yaml.out());
  }

  @Test
  void shouldRefuseAnUnknownProxyInOneLine() {
    CliRun run = mesh.cli("proxy-config", "no-such-proxy");
    assertEquals(1, run.exitCode(), run.toString());
    assertEquals("meshlog proxy-config: no snapshot for proxy 'no-such-proxy' (see meshlog proxy-status)\n", run.err());
  }

  /** Needs the engine's proxy status job (mesh.proxy.status). */
  @Test
  void shouldShowTheClientSyncedAfterTheApply() {
    Pattern synced = Pattern.compile("(?m)^client\\s+default\\s+SYNCED\\s+(\\d+)\\s+(\\d+)\\s+\\d+[smhd]$");
    CliRun table = await().atMost(Duration.ofSeconds(60)).until(() -> mesh.cli("proxy-status"),
        run -> run.exitCode() == 0 && synced.matcher(run.out()).find());
    assertTrue(table.out().startsWith("NAME"), table.out());
    Matcher row = synced.matcher(table.out());
    assertTrue(row.find());
    assertEquals(row.group(1), row.group(2), "sent and acked versions agree when synced: " + table.out());
    assertTrue(table.out().contains("reviews-v1"), "every proxy is listed: " + table.out());

    CliRun detail = mesh.cli("proxy-status", "client");
    assertEquals(0, detail.exitCode(), detail.toString());
    assertTrue(detail.out().contains("State:          SYNCED"), detail.out());

    CliRun unknown = mesh.cli("proxy-status", "no-such-proxy");
    assertEquals(1, unknown.exitCode(), unknown.toString());
    assertTrue(unknown.err().startsWith("meshlog proxy-status: unknown proxy 'no-such-proxy'"), unknown.err());
  }

  /** Needs the engine's rollout job (mesh.policy.rollout). */
  @Test
  void shouldShowThePolicyAcceptedAndAppliedByEveryAffectedProxy() {
    Pattern applied = Pattern.compile("applied to (\\d+)/(\\d+) proxies");
    CliRun status = await().atMost(Duration.ofSeconds(60)).until(() -> mesh.cli("status", "vs/default/reviews"), run -> {
      Matcher m = applied.matcher(run.out());
      return run.exitCode() == 0 && m.find() && m.group(1).equals(m.group(2));
    });
    assertTrue(status.out().startsWith("VirtualService/default/reviews: accepted (generation 1, by test:e2e)\n"), status.out());
    // every sidecar of the mesh (client, reviews-v1, reviews-v2) has routes for reviews, so all three are affected
    assertTrue(status.out().contains("\napplied to 3/3 proxies, p50 "), status.out());

    CliRun missing = mesh.cli("status", "vs/default/no-such");
    assertEquals(1, missing.exitCode(), missing.toString());
    assertTrue(missing.err().startsWith("meshlog status: VirtualService/default/no-such not found"), missing.err());
  }
}
