package dev.meshlog.engine.snapshot;

import static dev.meshlog.engine.MeshFixtures.workload;
import static dev.meshlog.engine.snapshot.Specs.RATINGS;
import static dev.meshlog.engine.snapshot.Specs.REVIEWS;
import static dev.meshlog.engine.snapshot.Specs.dest;
import static dev.meshlog.engine.snapshot.Specs.http;
import static dev.meshlog.engine.snapshot.Specs.sidecar;
import static dev.meshlog.engine.snapshot.Specs.vs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.avro.Operation;
import dev.meshlog.avro.ProxySnapshot;
import dev.meshlog.avro.SnapshotCause;
import dev.meshlog.engine.MeshFixtures;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The snapshot builder on a test driver: who gets re-published after a change, with which causes, and what is held back. */
class IncrementalPublishTest {

  private static final Duration QUIET = Duration.ofMillis(150);
  private static final String CLUSTER_TOPIC = SnapshotHarness.TOPICS.clusterEvents().name();
  private static final String POLICY_TOPIC = SnapshotHarness.TOPICS.policyEvents().name();

  @TempDir
  Path stateDir;

  private SnapshotHarness mesh;

  @BeforeEach
  void start() {
    mesh = new SnapshotHarness(stateDir, SnapshotHarness.DEBOUNCE);
    // client (default) sees only its namespace; tester (qa) has no Sidecar and sees everything
    mesh.accept(MeshFixtures.command("00000000-0000-0000-0000-000000000001", Operation.UPSERT, "Sidecar", "default", "default",
        sidecar(Map.of(), "./" + REVIEWS)));
    mesh.cluster(workload("client", "default", "client", null, "client", 0));
    mesh.cluster(workload("tester", "qa", "tester", null, "tester", 0));
    mesh.cluster(workload("reviews-v1", "default", "reviews", "v1", null, 9081));
    mesh.cluster(workload("ratings-v1", "default", "ratings", "v1", null, 9082));
    mesh.advance(QUIET);
  }

  @AfterEach
  void stop() {
    mesh.close();
  }

  @Test
  void shouldRepublishOnlyTheProxyThatReachesTheChangedService() {
    Map<String, ProxySnapshot> first = latest(mesh.published());
    assertEquals(List.of(REVIEWS), first.get("client").getRoutes().stream().map(r -> r.getName()).toList());
    assertEquals(List.of(RATINGS, REVIEWS), first.get("tester").getRoutes().stream().map(r -> r.getName()).toList());

    mesh.cluster(workload("ratings-v2", "default", "ratings", "v2", null, 9083));
    mesh.advance(QUIET);

    List<KeyValue<String, ProxySnapshot>> out = mesh.published();
    assertEquals(List.of("tester"), out.stream().map(kv -> kv.key).toList(), "client does not reach ratings");
    assertEquals(5L + 1L, out.get(0).value.getVersion(), "cluster offset 4 and policy offset 0");
  }

  @Test
  void shouldListTheEventsThatChangedTheProxySinceItsPreviousPush() {
    ProxySnapshot client = latest(mesh.published()).get("client");
    // the Sidecar came before the client existed; ratings-v1 and tester are outside its scope
    assertEquals(List.of("Workload/default/client", "Workload/default/reviews-v1"),
        client.getCauses().stream().map(SnapshotCause::getSubject).toList());
    assertEquals(new SnapshotCause("Workload/default/reviews-v1", CLUSTER_TOPIC, 0, 2L, MeshFixtures.T0), client.getCauses().get(1));

    mesh.accept(MeshFixtures.command("00000000-0000-0000-0000-000000000002", Operation.UPSERT, "VirtualService", "default", "reviews",
        vs(REVIEWS, http(dest(REVIEWS, null, 100).build()).setTimeoutMs(500L).build())));
    mesh.advance(QUIET);

    Map<String, ProxySnapshot> second = latest(mesh.published());
    assertEquals(List.of(new SnapshotCause("VirtualService/default/reviews", POLICY_TOPIC, 0, 1L, MeshFixtures.T0)),
        second.get("client").getCauses());
    assertEquals(second.get("client").getHash(), dev.meshlog.engine.wire.SnapshotWire.contentHash(second.get("client")),
        "causes are not part of the content hash");
  }

  @Test
  void shouldHoldBackAnInconsistentSnapshotAndCountIt() {
    mesh.published();
    // 60 + 30 is not 100 (ingest would refuse it; the builder must not trust that)
    mesh.accept(MeshFixtures.command("00000000-0000-0000-0000-000000000003", Operation.UPSERT, "VirtualService", "default", "reviews",
        vs(REVIEWS, http(dest(REVIEWS, null, 60).build(), dest(RATINGS, null, 30).build()).build())));
    mesh.advance(QUIET);

    assertTrue(mesh.published().isEmpty(), "neither proxy gets a snapshot that weights 90%");
    assertEquals(2.0, mesh.metric("invalid-snapshot-total"), "one per proxy refused");

    mesh.cluster(workload("ratings-v2", "default", "ratings", "v2", null, 9083));
    mesh.advance(QUIET);
    assertTrue(mesh.published().isEmpty(), "tester is still inconsistent; the builder keeps running");
  }

  private static Map<String, ProxySnapshot> latest(List<KeyValue<String, ProxySnapshot>> records) {
    Map<String, ProxySnapshot> latest = new TreeMap<>();
    records.forEach(kv -> latest.put(kv.key, kv.value));
    return latest;
  }
}
