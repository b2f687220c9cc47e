package dev.meshlog.engine.snapshot;

import static dev.meshlog.engine.MeshFixtures.REVIEWS;
import static dev.meshlog.engine.MeshFixtures.to;
import static dev.meshlog.engine.MeshFixtures.workload;
import static dev.meshlog.engine.MeshFixtures.workloadRemoved;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.avro.ProxySnapshot;
import dev.meshlog.engine.MeshFixtures;
import dev.meshlog.engine.TestRoots;
import dev.meshlog.engine.wire.SnapshotWire;
import dev.meshlog.schemas.AvroSerde;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The determinism promise of the snapshot topic: the same log folds to the same bytes and versions,
 * however often it is replayed and however the wall clock splits it into pushes.
 */
class SnapshotReplayTest {

  private static final AvroSerde<ProxySnapshot> SERDE = new AvroSerde<>(ProxySnapshot.class);
  private static final Duration QUIET_ENOUGH = Duration.ofMillis(150);

  @TempDir
  Path stateDir;

  private static final String ROOT_A = TestRoots.rootPem("replay root A");
  private static final String ROOT_B = TestRoots.rootPem("replay root B");

  /** All three inputs interleaved; no proxy's content returns to an earlier published one (see the report on A-B-A). */
  private static List<Consumer<SnapshotHarness>> history() {
    List<Consumer<SnapshotHarness>> steps = new ArrayList<>();
    steps.add(m -> m.cluster(workload("client", "default", "client", null, "client", 0)));
    steps.add(m -> m.cluster(workload("reviews-v1", "default", "reviews", "v1", "reviews-v1", 9081)));
    steps.add(m -> m.accept(MeshFixtures.reviewsSubsets("00000000-0000-0000-0000-000000000001")));
    steps.add(m -> m.trustBundle(TestRoots.bundle(WorkloadIdentity.DEFAULT_TRUST_DOMAIN, ROOT_A)));
    steps.add(m -> m.cluster(workload("tester", "qa", "tester", null, "tester", 0)));
    steps.add(m -> m.cluster(workload("reviews-v2", "default", "reviews", "v2", "reviews-v2", 9082)));
    steps.add(m -> m.accept(MeshFixtures.reviews90to10("00000000-0000-0000-0000-000000000002")));
    steps.add(m -> m.trustBundle(TestRoots.bundle(WorkloadIdentity.DEFAULT_TRUST_DOMAIN, ROOT_A, ROOT_B)));
    steps.add(m -> m.cluster(workload("ratings-v1", "default", "ratings", "v1", "ratings-v1", 9083)));
    steps.add(m -> m.cluster(workloadRemoved("tester", "qa", "tester", null, "tester", 0)));
    steps.add(m -> m.accept(MeshFixtures.virtualService("00000000-0000-0000-0000-000000000003", "default", "reviews", REVIEWS,
        to(REVIEWS, "v1", 50), to(REVIEWS, "v2", 50))));
    steps.add(m -> m.trustBundle(TestRoots.bundle("other.example", ROOT_A)));
    steps.add(m -> m.cluster(workload("reviews-v3", "default", "reviews", "v3", "reviews-v3", 9084)));
    return steps;
  }

  private List<KeyValue<String, byte[]>> replay(String run, boolean pushBetweenEvents) {
    List<KeyValue<String, byte[]>> out = new ArrayList<>();
    try (SnapshotHarness mesh = new SnapshotHarness(stateDir.resolve(run), SnapshotHarness.DEBOUNCE)) {
      for (Consumer<SnapshotHarness> step : history()) {
        step.accept(mesh);
        if (pushBetweenEvents) {
          mesh.advance(QUIET_ENOUGH);
          out.addAll(mesh.publishedBytes());
        }
      }
      mesh.advance(QUIET_ENOUGH);
      out.addAll(mesh.publishedBytes());
    }
    return out;
  }

  @Test
  void shouldFoldTheSameLogToIdenticalSnapshotsInTwoFreshBuilders() {
    Map<String, byte[]> first = SnapshotHarness.compacted(replay("first", false));
    Map<String, byte[]> second = SnapshotHarness.compacted(replay("second", false));

    assertEquals(List.of("client", "ratings-v1", "reviews-v1", "reviews-v2", "reviews-v3"), List.copyOf(first.keySet()));
    assertSameSnapshots(first, second);
  }

  @Test
  void shouldPublishTheSameFinalSnapshotsWhetherPushedOnceOrAfterEveryEvent() {
    List<KeyValue<String, byte[]>> batchRecords = replay("batch", false);
    List<KeyValue<String, byte[]>> stepwiseRecords = replay("stepwise", true);
    Map<String, byte[]> batch = SnapshotHarness.compacted(batchRecords);
    Map<String, byte[]> stepwise = SnapshotHarness.compacted(stepwiseRecords);

    assertEquals(5, batchRecords.size(), "one push: one snapshot per live proxy");
    assertTrue(stepwiseRecords.size() > 15, "a push after every event: intermediate versions and tester's tombstone");

    // causes differ by design (what changed since each proxy's previous push); everything else is equal
    assertSameSnapshots(withoutCauses(batch), withoutCauses(stepwise));
    // the last event (reviews-v3 at cluster offset 6, policy offsets up to 2, bundle offsets up to 2) changed every proxy
    ProxySnapshot client = SnapshotHarness.decode(batch.get("client"));
    assertEquals(7L + 3L + 3L, client.getVersion());
    assertEquals(List.of(ROOT_A, ROOT_B), client.getTrustBundle(), "the other trust domain's later bundle is not ours");
  }

  private static Map<String, byte[]> withoutCauses(Map<String, byte[]> snapshots) {
    Map<String, byte[]> out = new java.util.TreeMap<>();
    snapshots.forEach((proxy, bytes) -> out.put(proxy,
        SERDE.encode(SnapshotWire.withoutCauses(SnapshotHarness.decode(bytes)))));
    return out;
  }

  private static void assertSameSnapshots(Map<String, byte[]> expected, Map<String, byte[]> actual) {
    assertEquals(expected.keySet(), actual.keySet());
    assertTrue(!expected.isEmpty());
    expected.forEach((proxy, bytes) -> assertArrayEquals(bytes, actual.get(proxy), "snapshot bytes of " + proxy));
  }
}
