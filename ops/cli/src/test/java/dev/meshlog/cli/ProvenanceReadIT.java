package dev.meshlog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.avro.AckStatus;
import dev.meshlog.avro.Envelope;
import dev.meshlog.avro.Operation;
import dev.meshlog.avro.PolicyEvent;
import dev.meshlog.avro.ProxyAck;
import dev.meshlog.avro.ProxySnapshot;
import dev.meshlog.avro.RouteConfig;
import dev.meshlog.avro.RouteRule;
import dev.meshlog.avro.SnapshotCause;
import dev.meshlog.avro.Source;
import dev.meshlog.avro.SourceOffset;
import dev.meshlog.avro.WeightedCluster;
import dev.meshlog.kafka.local.KafkaBroker;
import dev.meshlog.schemas.TopicAdmin;
import dev.meshlog.schemas.TopicSpec;
import dev.meshlog.schemas.Topics;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code proxy-config --explain} and {@code status --proxies} on records written directly (no engine),
 * to reach what a live mesh rarely shows in a test: a proxy whose snapshot that first carried the change
 * was compacted away, and a removed (tombstoned) proxy.
 */
@ExtendWith(KafkaBroker.class)
class ProvenanceReadIT {

  private static final String VS = "VirtualService/default/reviews";
  private static final String HOST = "reviews.default.svc.cluster.local";
  private static final Instant T = Instant.parse("2026-11-26T07:00:00Z");
  private static String prefix;
  private static Topics topics;

  @BeforeAll
  static void writeRecords() throws Exception {
    prefix = KafkaBroker.uniqueName("provenance") + ".";
    topics = Topics.withPrefix(prefix);
    TopicAdmin.ensureTopics(KafkaBroker.bootstrapServers(), topics.all(), 1, (short) 1);
    send(topics.policyEvents(), VS, event(1, "alice", "first", T));            // offset 0
    send(topics.policyEvents(), VS, event(2, "bob", "canary", T.plusSeconds(60))); // offset 1
    String events = topics.policyEvents().name();
    SnapshotCause bobsChange = new SnapshotCause(VS, events, 0, 1L, T.plusSeconds(60));
    send(topics.proxySnapshots(), "carried", snapshot("carried", 2, 1, bobsChange));
    send(topics.proxySnapshots(), "compacted", snapshot("compacted", 3, 1)); // its snapshot naming the change is gone
    send(topics.proxySnapshots(), "gone", snapshot("gone", 2, 1, bobsChange));
    send(topics.proxySnapshots(), "gone", null);
    send(topics.proxyAcks(), "carried", new ProxyAck("carried", 2L, "h2", AckStatus.ACK, null, T.plusSeconds(60).plusMillis(250)));
    send(topics.proxyAcks(), "gone", new ProxyAck("gone", 2L, "h2", AckStatus.ACK, null, T.plusSeconds(61)));
  }

  private static PolicyEvent event(long generation, String actor, String reason, Instant time) {
    return PolicyEvent.newBuilder()
        .setEnvelope(Envelope.newBuilder().setId(UUID.randomUUID().toString()).setType("PolicyUpserted").setSubject(VS).setActor(actor)
            .setReason(reason).setSource(Source.CLI).setTime(time).build())
        .setSequence(generation).setGeneration(generation).setOperation(Operation.UPSERT)
        .setKind("VirtualService").setNamespace("default").setName("reviews").build();
  }

  private static ProxySnapshot snapshot(String proxy, long version, long policyOffset, SnapshotCause... causes) {
    return ProxySnapshot.newBuilder().setProxyId(proxy).setVersion(version).setHash("h" + version)
        .setSourceOffsets(List.of(new SourceOffset(topics.policyEvents().name(), 0, policyOffset)))
        .setRoutes(List.of(RouteConfig.newBuilder().setName(HOST).setDomains(List.of(HOST)).setProvenance(List.of(VS))
            .setRules(List.of(RouteRule.newBuilder().setName("canary")
                .setClusters(List.of(new WeightedCluster("outbound|80||" + HOST, 100, null))).build()))
            .build()))
        .setClusters(List.of())
        .setCauses(List.of(causes))
        .build();
  }

  private static <V> void send(TopicSpec<String, V> topic, String key, V value) throws Exception {
    try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers()),
        topic.keySerde().serializer(), topic.valueSerde().serializer())) {
      producer.send(new ProducerRecord<>(topic.name(), key, value)).get();
    }
  }

  private static CliRun cli(String... args) {
    String[] all = Arrays.copyOf(args, args.length + 4);
    all[args.length] = "--bootstrap";
    all[args.length + 1] = KafkaBroker.bootstrapServers();
    all[args.length + 2] = "--topic-prefix";
    all[args.length + 3] = prefix;
    return CliRun.of(all);
  }

  @Test
  void shouldExplainARouteByTheVirtualServiceEventTheSnapshotFolded() {
    CliRun run = cli("proxy-config", "carried", "--explain");
    assertEquals(0, run.exitCode(), run.toString());
    assertTrue(run.out().contains("  " + HOST + ":80  1 rule(s)\n    <- " + VS + "  generation 2  UPSERT  by bob  at " + T.plusSeconds(60)
        + "  " + topics.policyEvents().name() + "-0@1  reason \"canary\"  (new in this version)\n"), run.out());

    CliRun yaml = cli("proxy-config", "carried", "--explain", "-o", "yaml");
    assertEquals(1, yaml.exitCode(), yaml.toString());
    assertEquals("meshlog proxy-config: -o yaml: --explain prints a tree, or json with -o json\n", yaml.err());
  }

  @Test
  void shouldSayUnknownForACompactedProxyAndLeaveOutARemovedOne() {
    CliRun run = cli("status", VS, "--proxies");
    assertEquals(0, run.exitCode(), run.toString());
    String out = run.out();
    assertTrue(out.matches("(?s).*\ncarried +2 +ACK +2026-11-26T07:01:00.250Z +250 ms +v2\n.*"), out);
    assertTrue(out.matches("(?s).*\ncompacted +unknown \\(compacted\\) +unknown +.*"), out);
    assertFalse(out.contains("\ngone "), "a tombstoned proxy is gone: " + out);
    assertTrue(out.endsWith("applied to 1/2 proxies, p50 250 ms, p99 250 ms; 0 NACKed; 0 pending; "
        + "1 unknown (compacted): their first snapshot after the change is gone\n"), out);
  }

  @Test
  void shouldFollowAnOlderChangeByOffsetAndRefuseOneTheResourceNeverHad() {
    CliRun older = cli("status", VS, "--event", "0");
    assertEquals(0, older.exitCode(), older.toString());
    assertTrue(older.out().contains("change: " + VS + " generation 1 UPSERT by alice"), older.out());
    // every retained snapshot was built after alice's change and none names it: whether they carried it is not guessed
    assertTrue(older.out().matches("(?s).*\ncarried +unknown \\(compacted\\) +unknown .*"), older.out());
    assertTrue(older.out().endsWith("applied to 0/2 proxies; 0 NACKed; 0 pending; 2 unknown (compacted): "
        + "their first snapshot after the change is gone\n"), older.out());

    CliRun wrong = cli("status", VS, "--event", "7");
    assertEquals(1, wrong.exitCode(), wrong.toString());
    assertEquals("meshlog status: --event 7: no event of " + VS + " at that offset (its events are at 0, 1)\n", wrong.err());
  }
}
