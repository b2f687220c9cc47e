package dev.meshlog.engine.snapshot;

import static dev.meshlog.engine.MeshFixtures.workload;
import static dev.meshlog.engine.snapshot.Specs.dest;
import static dev.meshlog.engine.snapshot.Specs.http;
import static dev.meshlog.engine.snapshot.Specs.vs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.avro.Operation;
import dev.meshlog.avro.ProxySnapshot;
import dev.meshlog.engine.MeshFixtures;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A burst of commands that each change every proxy, with no push in between: the builder must not make each
 * intermediate snapshot durable (that was gigabytes of changelog per burst at 1,000 proxies), and the push after it
 * sends each proxy one snapshot, the last state's, carrying every command of the burst as a cause.
 */
class BurstStoreWritesTest {

  private static final int SERVICES = 20;
  private static final int PROXIES = 10;
  private static final int COMMANDS = 30;
  private static final Duration QUIET = Duration.ofMillis(150);
  private static final String TARGET = "svc0.default.svc.cluster.local";

  @TempDir
  Path stateDir;

  @Test
  void shouldStoreFarLessThanOneSnapshotPerProxyPerCommandAndPushEachProxyOnce() {
    try (SnapshotHarness mesh = new SnapshotHarness(stateDir, SnapshotHarness.DEBOUNCE)) {
      for (int s = 0; s < SERVICES; s++) {
        mesh.cluster(workload("svc" + s + "-v1", "default", "svc" + s, "v1", null, 9000 + s));
      }
      for (int p = 0; p < PROXIES; p++) {
        mesh.cluster(workload("client" + p, "default", "client" + p, null, "client" + p, 0)); // no Sidecar: every service in scope
      }
      mesh.advance(QUIET);
      List<KeyValue<String, byte[]>> seeded = mesh.publishedBytes();
      assertEquals(PROXIES, seeded.size());
      long snapshotBytes = seeded.stream().mapToLong(kv -> kv.value.length).min().orElseThrow();
      mesh.changelogBytes();

      for (int i = 0; i < COMMANDS; i++) {
        mesh.accept(MeshFixtures.command(String.format("00000000-0000-0000-0000-%012d", i + 1), Operation.UPSERT, "VirtualService",
            "default", "svc0", vs(TARGET, http(dest(TARGET, null, 100).build()).setTimeoutMs(100L + i).build())));
      }
      long written = mesh.changelogBytes();
      mesh.advance(QUIET);
      List<KeyValue<String, ProxySnapshot>> pushed = mesh.published();

      long oneSnapshotPerProxyPerCommand = COMMANDS * PROXIES * snapshotBytes;
      assertTrue(written * 4 < oneSnapshotPerProxyPerCommand, "changelog bytes during the burst: " + written
          + ", one snapshot per proxy per command would be " + oneSnapshotPerProxyPerCommand);
      assertEquals(PROXIES, pushed.size(), "one push per proxy after the burst");
      for (KeyValue<String, ProxySnapshot> kv : pushed) {
        assertEquals(100L + COMMANDS - 1, kv.value.getRoutes().stream().filter(r -> r.getName().equals(TARGET)).findFirst().orElseThrow()
            .getRules().get(0).getTimeoutMs(), "the last command's state for " + kv.key);
        assertEquals(COMMANDS, kv.value.getCauses().size(), "every command of the burst is a cause of " + kv.key);
        assertEquals(List.of(0L, (long) COMMANDS - 1), List.of(kv.value.getCauses().get(0).getOffset(),
            kv.value.getCauses().get(COMMANDS - 1).getOffset()), "in log order");
        assertEquals(SERVICES + PROXIES + (long) COMMANDS, kv.value.getVersion(), "the version of the last command");
      }
    }
  }

  @Test
  void shouldDropTheCausesOfAPushedSnapshotSoTheNextPushCarriesOnlyNewOnes() {
    try (SnapshotHarness mesh = new SnapshotHarness(stateDir, SnapshotHarness.DEBOUNCE)) {
      mesh.cluster(workload("svc0-v1", "default", "svc0", "v1", null, 9000));
      mesh.cluster(workload("client0", "default", "client0", null, "client0", 0));
      mesh.advance(QUIET);
      mesh.published();
      mesh.accept(MeshFixtures.command("00000000-0000-0000-0000-000000000001", Operation.UPSERT, "VirtualService", "default", "svc0",
          vs(TARGET, http(dest(TARGET, null, 100).build()).setTimeoutMs(500L).build())));
      mesh.advance(QUIET);
      mesh.published();
      mesh.accept(MeshFixtures.command("00000000-0000-0000-0000-000000000002", Operation.UPSERT, "VirtualService", "default", "svc0",
          vs(TARGET, http(dest(TARGET, null, 100).build()).setTimeoutMs(700L).build())));
      mesh.advance(QUIET);

      List<KeyValue<String, ProxySnapshot>> pushed = mesh.published();
      assertEquals(1, pushed.size());
      assertEquals(List.of("VirtualService/default/svc0@" + 1), pushed.get(0).value.getCauses().stream()
          .map(c -> c.getSubject() + "@" + c.getOffset()).toList(), "only the second command");
    }
  }

  @Test
  void shouldSpreadAPushToManyProxiesOverPunctuationsOfAtMostOneBatchEach() {
    try (SnapshotHarness mesh = new SnapshotHarness(stateDir, SnapshotHarness.DEBOUNCE)) {
      mesh.cluster(workload("svc0-v1", "default", "svc0", "v1", null, 9000));
      int proxies = SnapshotProcessor.PUSH_BATCH + 30;
      for (int p = 0; p < proxies; p++) {
        mesh.cluster(workload(String.format("client%03d", p), "default", "client", null, String.format("client%03d", p), 0));
      }
      mesh.advance(QUIET);
      List<KeyValue<String, ProxySnapshot>> first = mesh.published();
      mesh.advance(SnapshotProcessor.PUNCTUATE_EVERY);
      List<KeyValue<String, ProxySnapshot>> second = mesh.published();
      mesh.advance(QUIET);

      assertEquals(SnapshotProcessor.PUSH_BATCH, first.size(), "one batch per punctuation (a transaction's worth)");
      assertEquals(30, second.size(), "the rest at the next punctuation, without waiting for the debounce");
      assertEquals("client000", first.get(0).key);
      assertEquals(String.format("client%03d", proxies - 1), second.get(second.size() - 1).key);
      assertTrue(mesh.published().isEmpty(), "nothing twice");
    }
  }
}
