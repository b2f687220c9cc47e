package dev.meshlog.engine.snapshot;

import static dev.meshlog.engine.MeshFixtures.REVIEWS;
import static dev.meshlog.engine.MeshFixtures.workload;
import static dev.meshlog.engine.MeshFixtures.workloadRemoved;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.avro.ProxySnapshot;
import dev.meshlog.avro.SourceOffset;
import dev.meshlog.engine.MeshFixtures;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotTopologyTest {

  private static final String POLICY_TOPIC = SnapshotHarness.TOPICS.policyEvents().name();
  private static final String CLUSTER_TOPIC = SnapshotHarness.TOPICS.clusterEvents().name();

  @TempDir
  Path stateDir;

  private SnapshotHarness mesh;

  @BeforeEach
  void start() {
    mesh = new SnapshotHarness(stateDir, SnapshotHarness.DEBOUNCE);
  }

  @AfterEach
  void stop() {
    mesh.close();
  }

  /** Proxies client (default) and tester (qa), both without an inbound port; backends reviews-v1/v2 (no sidecar). */
  private void registerTwoProxiesAndTwoBackends() {
    mesh.cluster(workload("client", "default", "client", null, "client", 0));
    mesh.cluster(workload("tester", "qa", "tester", null, "tester", 0));
    mesh.cluster(workload("reviews-v1", "default", "reviews", "v1", null, 1));
    mesh.cluster(workload("reviews-v2", "default", "reviews", "v2", null, 2));
  }

  @Test
  void shouldPublishOneSnapshotPerProxyVersionedByTheOffsetsFolded() {
    registerTwoProxiesAndTwoBackends();
    mesh.advance(Duration.ofMillis(150));

    Map<String, ProxySnapshot> first = latest(mesh.published());
    assertEquals(List.of("client", "tester"), List.copyOf(first.keySet()));
    // cluster offsets 0..3: reviews-v2 at offset 3 last changed both proxies' content
    assertEquals(4L, first.get("client").getVersion());
    assertEquals(List.of(new SourceOffset(CLUSTER_TOPIC, 0, 3L)), first.get("client").getSourceOffsets());

    mesh.accept(MeshFixtures.reviewsSubsets("00000000-0000-0000-0000-000000000001"));
    mesh.accept(MeshFixtures.reviews90to10("00000000-0000-0000-0000-000000000002"));
    mesh.advance(Duration.ofMillis(150));

    Map<String, ProxySnapshot> second = latest(mesh.published());
    ProxySnapshot client = second.get("client");
    // policy offsets 0..1 now too: (3 + 1) + (1 + 1)
    assertEquals(6L, client.getVersion());
    // sorted by topic name: test.mesh.cluster.events, then test.mesh.policy.events
    assertEquals(List.of(new SourceOffset(CLUSTER_TOPIC, 0, 3L), new SourceOffset(POLICY_TOPIC, 0, 1L)), client.getSourceOffsets());
    assertEquals(6L, second.get("tester").getVersion());
    var rule = client.getRoutes().get(0).getRules().get(0).getClusters();
    assertEquals(List.of("outbound|80|v1|" + REVIEWS, "outbound|80|v2|" + REVIEWS), rule.stream().map(c -> c.getCluster()).toList());
    assertEquals(List.of(90, 10), rule.stream().map(c -> c.getWeight()).toList());
  }

  @Test
  void shouldWaitForQuietBeforePublishing() {
    registerTwoProxiesAndTwoBackends();
    mesh.advance(Duration.ofMillis(50));
    assertTrue(mesh.published().isEmpty(), "50 ms after the last event is not quiet yet");

    mesh.advance(Duration.ofMillis(60));
    assertEquals(2, mesh.published().size());
  }

  @Test
  void shouldPublishAfterTheMaximumDelayEvenWhileEventsKeepComing() {
    mesh.close();
    mesh = new SnapshotHarness(stateDir.resolve("max"), new Debounce(Duration.ofMillis(100), Duration.ofMillis(300)));
    mesh.cluster(workload("client", "default", "client", null, "client", 0));
    for (int i = 1; i <= 4; i++) {
      mesh.advance(Duration.ofMillis(80));
      mesh.cluster(workload("reviews-" + i, "default", "reviews", "v" + i, null, i));
    }
    // 320 ms since the first pending change, never 100 ms quiet
    List<KeyValue<String, ProxySnapshot>> out = mesh.published();
    assertEquals(1, out.size(), out.toString());
    assertEquals(4L, out.get(0).value.getVersion(), "published at 320 ms, before the fifth event");
  }

  @Test
  void shouldCountTheQuietPeriodFromWhenTheLastInputWasFoldedNotFromWhenItWasRead() {
    mesh.close();
    long[] nanos = {0};
    // every look at the clock finds it 80 ms later: each input takes 80 ms to fold
    mesh = new SnapshotHarness(stateDir.resolve("slow"), SnapshotHarness.DEBOUNCE, WorkloadIdentity.DEFAULT_TRUST_DOMAIN,
        () -> nanos[0] += 80_000_000L);
    registerTwoProxiesAndTwoBackends();

    mesh.advance(Duration.ofMillis(100));
    assertTrue(mesh.published().isEmpty(), "100 ms after the last input was read, 20 ms after it was folded: not quiet");
    mesh.advance(Duration.ofMillis(90));
    assertEquals(2, mesh.published().size());
  }

  @Test
  void shouldHoldForcedPushesWhileReadingABacklogUntilItIsReadOrSixTimesTheMaximumPassed() {
    mesh.close();
    mesh = new SnapshotHarness(stateDir.resolve("backlog"), new Debounce(Duration.ofMillis(100), Duration.ofMillis(300)));
    mesh.clusterWrittenAgo(workload("client", "default", "client", null, "client", 0), Duration.ofMinutes(5));
    for (int i = 1; i <= 20; i++) {
      mesh.advance(Duration.ofMillis(80));
      mesh.clusterWrittenAgo(workload("reviews-" + i, "default", "reviews", "v" + i, null, i), Duration.ofMinutes(5));
    }
    // 1,600 ms since the first pending change, never quiet: read from a backlog, the forced push waits 6 x 300 ms
    assertTrue(mesh.published().isEmpty(), "no intermediate push while the builder is behind its input");

    for (int i = 21; i <= 23; i++) {
      mesh.advance(Duration.ofMillis(80));
      mesh.clusterWrittenAgo(workload("reviews-" + i, "default", "reviews", "v" + i, null, i), Duration.ofMinutes(5));
    }
    // forced at 1,800 ms (between the 22nd and the 23rd endpoint), the client's snapshot with 22 endpoints
    List<KeyValue<String, ProxySnapshot>> forced = mesh.published();
    assertEquals(1, forced.size(), forced.toString());
    assertEquals(22, forced.get(0).value.getClusters().stream().mapToInt(c -> c.getEndpoints().size()).sum());

    mesh.advance(Duration.ofMillis(110));
    assertEquals(1, mesh.published().size(), "once the backlog is read, the quiet rule pushes what came after");
  }

  @Test
  void shouldNotRepublishUnchangedContent() {
    registerTwoProxiesAndTwoBackends();
    mesh.advance(Duration.ofMillis(150));
    assertEquals(2, mesh.published().size());

    // the same registration again, and a DestinationRule nobody routes to yet: no content changes
    mesh.cluster(workload("reviews-v1", "default", "reviews", "v1", null, 1));
    mesh.accept(MeshFixtures.reviewsSubsets("00000000-0000-0000-0000-000000000001"));
    mesh.advance(Duration.ofMillis(150));

    assertTrue(mesh.published().isEmpty());
  }

  @Test
  void shouldTombstoneARemovedProxy() {
    registerTwoProxiesAndTwoBackends();
    mesh.advance(Duration.ofMillis(150));
    mesh.published();

    mesh.cluster(workloadRemoved("tester", "qa", "tester", null, "tester", 0));
    mesh.advance(Duration.ofMillis(150));

    List<KeyValue<String, ProxySnapshot>> out = mesh.published();
    assertEquals(1, out.size(), "client's content is unchanged: only the tombstone goes out");
    assertEquals("tester", out.get(0).key);
    assertNull(out.get(0).value);
  }

  @Test
  void shouldNameSourcesStoresAndSink() {
    Topology topology = SnapshotTopology.build(SnapshotHarness.TOPICS, SnapshotHarness.DEBOUNCE);
    TopologyDescription.Processor processor = topology.describe().subtopologies().iterator().next().nodes().stream()
        .filter(n -> n instanceof TopologyDescription.Processor)
        .map(n -> (TopologyDescription.Processor) n)
        .findFirst().orElseThrow();
    assertEquals("snapshot-builder", processor.name());
    assertEquals(Set.of("snapshot-policies", "snapshot-policy-created", "snapshot-cluster", "snapshot-computed", "snapshot-published", "snapshot-positions",
        "snapshot-trust-bundle", "snapshot-pending-causes"),
        processor.stores());
    assertEquals(Set.of("snapshots-policy-events-source", "snapshots-cluster-events-source", "snapshots-ca-bundle-source"),
        processor.predecessors().stream().map(TopologyDescription.Node::name).collect(Collectors.toSet()));
    String description = topology.describe().toString();
    assertTrue(description.contains("Sink: snapshots-sink (topic: test.mesh.proxy.snapshots)"), description);
  }

  private static Map<String, ProxySnapshot> latest(List<KeyValue<String, ProxySnapshot>> records) {
    Map<String, ProxySnapshot> latest = new java.util.TreeMap<>();
    records.forEach(kv -> latest.put(kv.key, kv.value));
    return latest;
  }
}
