package dev.meshlog.cli;

import static dev.meshlog.cli.replay.ReplayFixtures.ENTRY;
import static dev.meshlog.cli.replay.ReplayFixtures.REVIEWS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.avro.ProxyAck;
import dev.meshlog.avro.ProxySnapshot;
import dev.meshlog.kafka.local.KafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rollback} round trip against a running engine and real sidecars: after an update, a create and a delete, a
 * rollback to the earlier point gives every proxy a snapshot with the very content hash it had then (at a new version),
 * through attributed events; a second rollback finds nothing to do.
 */
@ExtendWith(KafkaBroker.class)
class RollbackIT {

  private static MeshUnderTest mesh;

  @TempDir
  Path dir;

  @BeforeAll
  static void startMesh() throws Exception {
    mesh = new MeshUnderTest();
  }

  @AfterAll
  static void stopMesh() {
    if (mesh != null) {
      mesh.close();
    }
  }

  private CliRun apply(String name, String yaml, String reason) throws Exception {
    CliRun run = mesh.apply(Files.writeString(dir.resolve(name + ".yaml"), yaml).toString(), reason);
    assertEquals(0, run.exitCode(), run.toString());
    return run;
  }

  private static Predicate<Map<String, ProxySnapshot>> clientHas(String... hosts) {
    return snapshots -> {
      String client = snapshots.get("client").toString();
      return List.of(hosts).stream().allMatch(h -> h.startsWith("!") ? !client.contains(h.substring(1)) : client.contains(h));
    };
  }

  @Test
  void shouldRestoreByteIdenticalSnapshotsThroughAttributedEventsAndThenHaveNothingToDo() throws Exception {
    apply("a", REVIEWS.formatted(90, 10) + "---\n" + ENTRY.formatted("api", "api"), "state A");
    Map<String, ProxyAck> atA = MeshSync.awaitAcked(mesh, MeshSync.clientWeights(90, 10).and(clientHas("api.example.com")));
    Instant t1 = Instant.now();

    apply("update", REVIEWS.formatted(20, 80), "shift to v2");
    apply("create", ENTRY.formatted("httpbin", "httpbin"), "add httpbin");
    assertEquals(0, mesh.cli("delete", "se/default/api", "--actor", "test:e2e", "--reason", "retire api", "--wait", "30s").exitCode());
    MeshSync.awaitAcked(mesh, MeshSync.clientWeights(20, 80).and(clientHas("httpbin.example.com", "!api.example.com")));

    CliRun noReason = mesh.cli("rollback", "--to", t1.toString());
    assertEquals(2, noReason.exitCode(), noReason.toString());
    assertTrue(noReason.err().startsWith("meshlog rollback: --reason: required"), noReason.err());

    CliRun dryRun = mesh.cli("rollback", "--to", t1.toString(), "--reason", "r", "--dry-run");
    assertEquals(0, dryRun.exitCode(), dryRun.toString());
    assertTrue(dryRun.out().contains("recreate ServiceEntry/default/api") && dryRun.out().contains("restore  VirtualService/default/reviews")
        && dryRun.out().contains("delete   ServiceEntry/default/httpbin") && dryRun.out().contains("Dry run: nothing published."), dryRun.out());
    assertTrue(!dryRun.out().contains("DestinationRule"), "the DestinationRule is unchanged: " + dryRun.out());
    assertTrue(dryRun.out().contains("cluster events (workloads, services) are not rolled back"), dryRun.out());

    CliRun rollback = mesh.cli("rollback", "--to", t1.toString(), "--reason", "r", "--actor", "oncall");
    assertEquals(0, rollback.exitCode(), rollback.toString());
    assertTrue(rollback.out().contains("VirtualService/default/reviews accepted") && rollback.out().contains("ServiceEntry/default/api accepted")
        && rollback.out().contains("ServiceEntry/default/httpbin accepted"), rollback.out());

    Map<String, ProxyAck> after = MeshSync.awaitAcked(mesh, snapshots -> snapshots.values().stream()
        .allMatch(s -> s.getHash().equals(atA.get(s.getProxyId()).getNonce())));
    for (String proxy : MeshSync.PROXIES) {
      assertEquals(atA.get(proxy).getNonce(), after.get(proxy).getNonce(), proxy + ": the content hash of T1");
      assertNotEquals(atA.get(proxy).getVersion(), after.get(proxy).getVersion(), proxy + ": at a new version");
    }

    for (String resource : List.of("vs/default/reviews", "se/default/api", "se/default/httpbin")) {
      CliRun history = mesh.cli("history", resource);
      String last = history.out().lines().filter(l -> !l.startsWith(" ")).reduce((a, b) -> b).orElseThrow();
      assertTrue(last.contains("actor=oncall  source=CLI  reason=r"), resource + ": " + history.out());
    }

    CliRun again = mesh.cli("rollback", "--to", t1.toString(), "--reason", "r", "--actor", "oncall");
    assertEquals(0, again.exitCode(), again.toString());
    assertTrue(again.out().contains("Nothing to do"), again.out());
  }
}
