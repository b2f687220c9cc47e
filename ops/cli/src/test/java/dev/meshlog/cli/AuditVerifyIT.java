package dev.meshlog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.avro.PolicyEvent;
import dev.meshlog.cli.audit.ChainReader;
import dev.meshlog.cli.audit.ChainRecord;
import dev.meshlog.cli.read.TopicScan;
import dev.meshlog.kafka.local.KafkaBroker;
import dev.meshlog.schemas.TopicAdmin;
import dev.meshlog.schemas.TopicSpec;
import dev.meshlog.schemas.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code meshlog audit verify} on the real broker: the chain the sequencer wrote for a few applies
 * verifies intact; a copy of it with one record altered, or one dropped, is reported at that record.
 */
@ExtendWith(KafkaBroker.class)
class AuditVerifyIT {

  private static MeshUnderTest mesh;
  private static List<PolicyEvent> original;

  @BeforeAll
  static void applyPolicies() throws Exception {
    mesh = new MeshUnderTest();
    assertEquals(0, mesh.apply("../demo/reviews-90-10.yaml", "canary").exitCode());
    assertEquals(0, mesh.apply("../demo/reviews-v2.yaml", "all to v2").exitCode());
    assertEquals(0, mesh.apply("../demo/reviews-90-10.yaml", "back to the canary").exitCode());
    original = new ArrayList<>();
    TopicScan.readAll(mesh.bootstrap, mesh.topics.policyEvents(), (key, event) -> original.add(event));
  }

  @AfterAll
  static void stopMesh() {
    if (mesh != null) {
      mesh.close();
    }
  }

  @Test
  void shouldVerifyTheSequencersChainIntact() {
    CliRun run = mesh.cli("audit", "verify");
    assertEquals(0, run.exitCode(), run.toString());
    assertEquals("chain intact: " + original.size() + " events, head "
        + original.get(original.size() - 1).getEnvelope().getHash(), run.out().lines().findFirst().orElse(""));
    assertTrue(run.out().contains("\ncheckpoints: none signed yet; " + original.size() + " event(s) not covered"),
        "a mesh without the CA signs no checkpoints, and verify says what that leaves open: " + run.out());
    assertTrue(original.size() >= 4, "three applies published at least four events: " + original.size());
  }

  @Test
  void shouldReportTheAlteredRecordOfACopiedTopic() {
    String prefix = copy(events -> {
      events.get(1).setDocument("spec: {hosts: [evil.example.com]}");
      return events;
    });
    CliRun run = CliRun.of("audit", "verify", "--bootstrap", mesh.bootstrap, "--topic-prefix", prefix);
    assertEquals(1, run.exitCode(), run.toString());
    assertTrue(run.out().startsWith("chain broken at " + prefix + "mesh.policy.events-0@1: altered: sequence 2 carries hash"),
        run.out());
  }

  @Test
  void shouldReportTheRecordAfterADroppedOneOfACopiedTopic() {
    String prefix = copy(events -> {
      // not the last: a truncated tail still links (the signed checkpoints catch that: CheckpointVerifyIT)
      events.remove(2);
      return events;
    });
    CliRun run = CliRun.of("audit", "verify", "--bootstrap", mesh.bootstrap, "--topic-prefix", prefix);
    assertEquals(1, run.exitCode(), run.toString());
    assertEquals("chain broken at " + prefix + "mesh.policy.events-0@2: missing: sequence 4 follows 2: 1 event(s) missing (sequence 3)",
        run.out().lines().findFirst().orElse(""));
  }

  /** The mesh's policy events, tampered by {@code tamper}, written to a fresh prefixed events topic; returns the prefix. */
  private static String copy(UnaryOperator<List<PolicyEvent>> tamper) {
    String prefix = KafkaBroker.uniqueName("audit-copy") + ".";
    TopicSpec<String, PolicyEvent> events = Topics.withPrefix(prefix).policyEvents();
    TopicAdmin.ensureTopics(mesh.bootstrap, List.of(events), 1, (short) 1);
    List<PolicyEvent> copies = new ArrayList<>();
    original.forEach(e -> copies.add(PolicyEvent.newBuilder(e).build()));
    try (KafkaProducer<String, PolicyEvent> producer = new KafkaProducer<>(
        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, mesh.bootstrap),
        events.keySerde().serializer(), events.valueSerde().serializer())) {
      for (PolicyEvent event : tamper.apply(copies)) {
        producer.send(new ProducerRecord<>(events.name(), event.getEnvelope().getSubject(), event));
      }
      producer.flush();
    }
    List<ChainRecord> written = ChainReader.readAll(mesh.bootstrap, events);
    assertEquals(copies.size(), written.size(), "the copy holds every tampered record");
    return prefix;
  }
}
