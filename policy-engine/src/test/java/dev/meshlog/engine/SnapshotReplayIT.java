package dev.meshlog.engine;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meshlog.avro.ProxySnapshot;
import dev.meshlog.engine.snapshot.Debounce;
import dev.meshlog.engine.snapshot.SnapshotTopology;
import dev.meshlog.engine.wire.SnapshotWire;
import dev.meshlog.kafka.local.KafkaBroker;
import dev.meshlog.schemas.AvroSerde;
import dev.meshlog.schemas.TopicAdmin;
import dev.meshlog.schemas.TopicSpec;
import dev.meshlog.schemas.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replay on a real broker: the log is the source of truth, so folding the same policy, cluster and
 * trust bundle events again from the beginning, by fresh snapshot builders writing elsewhere, must give the very
 * bytes (content, version, provenance) the running engine published for every proxy.
 */
@ExtendWith(KafkaBroker.class)
class SnapshotReplayIT {

  private static final Duration PATIENCE = Duration.ofSeconds(90);
  private static final AvroSerde<ProxySnapshot> SNAPSHOTS = new AvroSerde<>(ProxySnapshot.class);

  @TempDir
  Path stateDir;

  @Test
  void shouldRebuildByteIdenticalSnapshotsAndVersionsWhenFoldingTheLogTwiceFromTheBeginning() throws Exception {
    String bootstrap = KafkaBroker.bootstrapServers();
    String name = KafkaBroker.uniqueName("replay");
    Topics live = Topics.withPrefix(name + ".");
    TopicAdmin.ensureTopics(bootstrap, live.all(), 1, (short) 1);

    Map<String, String> published;
    String rootA = TestRoots.rootPem("replay root A");
    String rootB = TestRoots.rootPem("replay root B");
    try (PolicyEngine engine = PolicyEngine.start(
        EngineConfig.defaults(bootstrap, live, stateDir.resolve("live")).withApplicationIdPrefix(name + "-live"))) {
      engine.awaitRunning(PATIENCE);
      TopicWriter.send(bootstrap, live.clusterEvents(), List.of(
          MeshFixtures.workload("client", "default", "client", null, "client", 0),
          MeshFixtures.workload("reviews-v1", "default", "reviews", "v1", "reviews-v1", 1001),
          MeshFixtures.workload("reviews-v2", "default", "reviews", "v2", "reviews-v2", 1002)), e -> e.getEnvelope().getSubject());
      TopicWriter.send(bootstrap, live.policyCommands(), List.of(
          MeshFixtures.reviewsSubsets("00000000-0000-0000-0000-00000000000a"),
          MeshFixtures.reviews90to10("00000000-0000-0000-0000-00000000000b")), c -> c.getEnvelope().getSubject());
      // a root rotation's first two steps, and another trust domain's bundle, which the engine must not fold in
      TopicWriter.send(bootstrap, live.caBundle(), List.of(TestRoots.bundle("cluster.local", rootA),
          TestRoots.bundle("other.example", rootB), TestRoots.bundle("cluster.local", rootA, rootB)), b -> b.getTrustDomain());
      TopicWriter.send(bootstrap, live.clusterEvents(), List.of(
          MeshFixtures.workload("reviews-v2b", "default", "reviews", "v2", "reviews-v2b", 1003),
          MeshFixtures.workloadRemoved("reviews-v1", "default", "reviews", "v1", "reviews-v1", 1001)), e -> e.getEnvelope().getSubject());

      // Settled: the client routes by the VirtualService, sees the second v2 endpoint, not reviews-v1, trusts both roots.
      published = await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500))
          .until(() -> finalSnapshots(bootstrap, live.proxySnapshots()), new Settled(SnapshotReplayIT::foldedEverything));
    }

    Map<String, String> first = replay(bootstrap, live, name + "-replay-1");
    Map<String, String> second = replay(bootstrap, live, name + "-replay-2");
    assertEquals(first, second, "two replays from the beginning");
    assertEquals(published, first, "a replay and the running engine");
  }

  /** A fresh snapshot builder over the same inputs, writing to its own topic; its settled output. */
  private Map<String, String> replay(String bootstrap, Topics live, String appId) {
    TopicSpec<String, ProxySnapshot> out = live.proxySnapshots().withName(appId + ".snapshots");
    TopicAdmin.ensureTopics(bootstrap, List.of(out), 1, (short) 1);
    Topics replayTopics = live.withProxySnapshots(out);
    try (KafkaStreams streams = new KafkaStreams(SnapshotTopology.build(replayTopics, Debounce.ISTIO),
        StreamsSettings.forApp(appId, bootstrap, stateDir.resolve(appId), 1, live.deadLetter().name()))) {
      streams.start();
      return await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).until(
          () -> finalSnapshots(bootstrap, out), new Settled(m -> true));
    }
  }

  /**
   * Latest value per proxy id on a snapshot topic (tombstones remove), as hex of its exact bytes
   * without the causes: those name what changed since each proxy's previous push, so they depend on
   * how the live engine's pushes fell, by design.
   */
  private static Map<String, String> finalSnapshots(String bootstrap, TopicSpec<String, ProxySnapshot> topic) {
    Map<String, String> latest = new TreeMap<>();
    try (TopicReader<String, ProxySnapshot> reader = new TopicReader<>(bootstrap, topic)) {
      List<ConsumerRecord<String, ProxySnapshot>> records = List.of();
      for (int i = 0; i < 5; i++) {
        records = reader.poll();
      }
      for (ConsumerRecord<String, ProxySnapshot> record : records) {
        if (record.value() == null) {
          latest.remove(record.key());
        } else {
          latest.put(record.key(), HexFormat.of().formatHex(SNAPSHOTS.encode(SnapshotWire.withoutCauses(record.value()))));
        }
      }
    }
    return latest;
  }

  private static ProxySnapshot decode(String hex) {
    return SNAPSHOTS.decode(HexFormat.of().parseHex(hex));
  }

  private static boolean foldedEverything(Map<String, String> snapshots) {
    ProxySnapshot snapshot = decode(snapshots.get("client"));
    String client = snapshot.toString();
    return client.contains("VirtualService/default/reviews") && client.contains("\"reviews-v2b\"")
        && !client.contains("\"reviews-v1\"") && snapshot.getTrustBundle().size() == 2;
  }

  /** True when two successive reads agree, hold the three live proxies and pass {@code check}. */
  private static final class Settled implements java.util.function.Predicate<Map<String, String>> {
    private final java.util.function.Predicate<Map<String, String>> check;
    private Map<String, String> previous;

    Settled(java.util.function.Predicate<Map<String, String>> check) {
      this.check = check;
    }

    @Override
    public boolean test(Map<String, String> current) {
      boolean settled = current.keySet().equals(java.util.Set.of("client", "reviews-v2", "reviews-v2b"))
          && current.equals(previous) && check.test(current);
      previous = current;
      return settled;
    }
  }
}
