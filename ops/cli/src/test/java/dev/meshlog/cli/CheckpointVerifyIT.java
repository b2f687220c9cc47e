package dev.meshlog.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.avro.MeshTrustBundle;
import dev.meshlog.avro.PolicyCheckpoint;
import dev.meshlog.avro.PolicyEvent;
import dev.meshlog.cli.audit.ChainReader;
import dev.meshlog.cli.audit.CheckpointRecord;
import dev.meshlog.cli.ca.LocalCa;
import dev.meshlog.cli.read.TopicScan;
import dev.meshlog.engine.EngineConfig;
import dev.meshlog.engine.PolicyEngine;
import dev.meshlog.kafka.local.KafkaBroker;
import dev.meshlog.schemas.TopicAdmin;
import dev.meshlog.schemas.TopicSpec;
import dev.meshlog.schemas.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Signed checkpoints end to end on the real broker: the engine's CA app signs the chain head (every
 * second here), also across a restart without signing a head twice; {@code audit verify} accepts a
 * faithful copy of the mesh's topics and reports a copy whose events topic lost its last record as
 * truncated, and a copy with an altered checkpoint as forged (exit 1).
 */
@ExtendWith(KafkaBroker.class)
class CheckpointVerifyIT {

  private static final Duration PATIENCE = Duration.ofSeconds(90);
  private static final Duration INTERVAL = Duration.ofSeconds(1);

  private static final String bootstrap = KafkaBroker.bootstrapServers();
  private static final String prefix = KafkaBroker.uniqueName("checkpoints") + ".";
  private static final Topics topics = Topics.withPrefix(prefix);
  private static PolicyEngine engine;
  private static List<PolicyEvent> events;
  private static List<PolicyCheckpoint> checkpoints;
  private static List<MeshTrustBundle> bundles;

  @BeforeAll
  static void applyPoliciesAcrossARestart() throws Exception {
    TopicAdmin.ensureTopics(bootstrap, topics.all(), 1, (short) 1);
    Path state = Files.createTempDirectory("meshlog-checkpoints");
    EngineConfig config = EngineConfig.defaults(bootstrap, topics, state.resolve("engine")).withApplicationIdPrefix(prefix + "engine")
        .withCa(LocalCa.of(state, "cluster.local", Map.of()).withCheckpointInterval(INTERVAL));
    engine = startEngine(config);
    assertEquals(0, apply("../demo/reviews-90-10.yaml", "canary").exitCode());
    assertEquals(0, apply("../demo/reviews-v2.yaml", "all to v2").exitCode());
    awaitHeadCovered();
    engine.close();

    engine = startEngine(config); // same state and application ids: the CA app resumes from its committed heads
    assertEquals(0, apply("../demo/reviews-90-10.yaml", "back to the canary").exitCode());
    awaitHeadCovered();

    events = new ArrayList<>();
    TopicScan.readAll(bootstrap, topics.policyEvents(), (key, event) -> events.add(event));
    checkpoints = ChainReader.readCheckpoints(bootstrap, topics.policyCheckpoints()).stream()
        .map(r -> r.checkpoint().orElseThrow()).toList();
    bundles = ChainReader.readBundles(bootstrap, topics.caBundle());
  }

  @AfterAll
  static void stopEngine() {
    if (engine != null) {
      engine.close();
    }
  }

  @Test
  void shouldSignEachHeadOnceAcrossARestart() {
    List<Long> offsets = checkpoints.stream().map(PolicyCheckpoint::getOffset).toList();
    assertTrue(offsets.size() >= 2, "a checkpoint before and after the restart: " + offsets);
    for (int i = 1; i < offsets.size(); i++) {
      assertTrue(offsets.get(i) > offsets.get(i - 1), "each checkpoint covers a newer head, none twice: " + offsets);
    }
    PolicyCheckpoint newest = checkpoints.get(checkpoints.size() - 1);
    assertEquals(events.get(events.size() - 1).getSequence(), newest.getSequence());
    assertEquals(events.get(events.size() - 1).getEnvelope().getHash(), newest.getHash());
    assertEquals(topics.policyEvents().name() + "-0", newest.getEnvelope().getSubject());
  }

  @Test
  void shouldPassAFaithfulCopy() {
    String copy = copy(all -> all, all -> all);
    CliRun run = verify(copy);
    assertEquals(0, run.exitCode(), run.toString());
    List<String> lines = run.out().lines().toList();
    assertEquals("chain intact: " + events.size() + " events, head " + events.get(events.size() - 1).getEnvelope().getHash(),
        lines.get(0));
    assertTrue(lines.get(1).startsWith("checkpoints: " + checkpoints.size() + " signed; newest signed at "), run.out());
    assertTrue(lines.get(1).endsWith("; 0 event(s) after it not yet covered"), run.out());
  }

  @Test
  void shouldReportACopyWithoutItsLastEventAsTruncated() {
    String copy = copy(all -> all.subList(0, all.size() - 1), all -> all);
    CliRun run = verify(copy);
    assertEquals(1, run.exitCode(), run.toString());
    List<String> lines = run.out().lines().toList();
    PolicyCheckpoint newest = checkpoints.get(checkpoints.size() - 1);
    long last = events.size() - 1;
    assertEquals("chain intact: " + last + " events, head " + events.get(events.size() - 2).getEnvelope().getHash(), lines.get(0),
        "the shortened chain still links: only the checkpoint shows what is missing");
    assertEquals("truncated: checkpoint signed at " + newest.getEnvelope().getTime() + " covers " + copy + "mesh.policy.events-0@"
        + newest.getOffset() + " (sequence " + newest.getSequence() + ") but the chain ends at offset " + (last - 1)
        + " (sequence " + last + ")", lines.get(1));
  }

  @Test
  void shouldReportAnAlteredCheckpointAsForged() {
    String copy = copy(all -> all, all -> {
      all.get(0).setSequence(all.get(0).getSequence() + 1);
      return all;
    });
    CliRun run = verify(copy);
    assertEquals(1, run.exitCode(), run.toString());
    assertTrue(run.out().contains("\nforged checkpoint at " + copy + "mesh.policy.checkpoints-0@0: bad signature\n"), run.out());
  }

  private static PolicyEngine startEngine(EngineConfig config) {
    PolicyEngine started = PolicyEngine.start(config);
    started.awaitRunning(Duration.ofSeconds(120));
    return started;
  }

  private static CliRun apply(String file, String reason) {
    return CliRun.of("apply", "-f", file, "--bootstrap", bootstrap, "--topic-prefix", prefix,
        "--actor", "test:checkpoints", "--reason", reason, "--wait", "30s");
  }

  /** Until a checkpoint covers the chain's last event (the CA signs within a second of the head moving). */
  private static void awaitHeadCovered() {
    await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
      CliRun run = verify(prefix);
      assertEquals(0, run.exitCode(), run.toString());
      assertTrue(run.out().contains("; 0 event(s) after it not yet covered"), run.out());
    });
  }

  private static CliRun verify(String topicPrefix) {
    return CliRun.of("audit", "verify", "--bootstrap", bootstrap, "--topic-prefix", topicPrefix);
  }

  /** The mesh's events, checkpoints and trust bundles, each list tampered by its function, on fresh topics; returns their prefix. */
  private static String copy(Function<List<PolicyEvent>, List<PolicyEvent>> eventsTamper,
      Function<List<PolicyCheckpoint>, List<PolicyCheckpoint>> checkpointsTamper) {
    String copyPrefix = KafkaBroker.uniqueName("checkpoint-copy") + ".";
    Topics copy = Topics.withPrefix(copyPrefix);
    TopicAdmin.ensureTopics(bootstrap, List.of(copy.policyEvents(), copy.policyCheckpoints(), copy.caBundle()), 1, (short) 1);
    List<PolicyEvent> eventCopies = new ArrayList<>(events.stream().map(e -> PolicyEvent.newBuilder(e).build()).toList());
    write(copy.policyEvents(), eventsTamper.apply(eventCopies), e -> e.getEnvelope().getSubject());
    List<PolicyCheckpoint> checkpointCopies = new ArrayList<>(checkpoints.stream().map(c -> PolicyCheckpoint.newBuilder(c).build()).toList());
    write(copy.policyCheckpoints(), checkpointsTamper.apply(checkpointCopies), c -> c.getEnvelope().getSubject());
    write(copy.caBundle(), bundles, MeshTrustBundle::getTrustDomain);
    List<CheckpointRecord> written = ChainReader.readCheckpoints(bootstrap, copy.policyCheckpoints());
    assertEquals(checkpoints.size(), written.size(), "the copy holds every checkpoint");
    return copyPrefix;
  }

  private static <V> void write(TopicSpec<String, V> topic, List<V> values, Function<V, String> key) {
    try (KafkaProducer<String, V> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
        topic.keySerde().serializer(), topic.valueSerde().serializer())) {
      for (V value : values) {
        producer.send(new ProducerRecord<>(topic.name(), key.apply(value), value));
      }
      producer.flush();
    }
  }
}
