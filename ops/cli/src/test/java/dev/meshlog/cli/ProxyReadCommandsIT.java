package dev.meshlog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.avro.PolicyRollout;
import dev.meshlog.avro.PolicyState;
import dev.meshlog.avro.PolicyStatus;
import dev.meshlog.avro.ProxyNack;
import dev.meshlog.avro.ProxyStatus;
import dev.meshlog.avro.ProxySyncState;
import dev.meshlog.kafka.local.KafkaBroker;
import dev.meshlog.schemas.TopicAdmin;
import dev.meshlog.schemas.TopicSpec;
import dev.meshlog.schemas.Topics;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * proxy-config, proxy-status and status read what the engine's jobs write, on topics with several
 * partitions; here the records are written directly, so the commands are tested on their own
 * (ProxyViewsIT runs them against the real engine).
 */
@ExtendWith(KafkaBroker.class)
class ProxyReadCommandsIT {

  private static final Instant NOW = Instant.now();
  private static String prefix;
  private static Topics topics;

  @BeforeAll
  static void writeRecords() throws Exception {
    prefix = KafkaBroker.uniqueName("read") + ".";
    topics = Topics.withPrefix(prefix);
    TopicAdmin.ensureTopics(KafkaBroker.bootstrapServers(), topics.all(), 3, (short) 1);
    var old = ProxyConfigRenderTest.snapshot();
    old.setVersion(1L);
    send(topics.proxySnapshots(), "client", old);
    send(topics.proxySnapshots(), "client", ProxyConfigRenderTest.snapshot());
    send(topics.proxySnapshots(), "gone", ProxyConfigRenderTest.snapshot());
    send(topics.proxySnapshots(), "gone", null);
    send(topics.proxyStatus(), "client", ProxyStatus.newBuilder().setProxyId("client").setState(ProxySyncState.SYNCED)
        .setSentVersion(42L).setAckedVersion(42L).setSentTime(NOW).setAckedTime(NOW).setTime(NOW).build());
    send(topics.proxyStatus(), "reviews-v2", ProxyStatus.newBuilder().setProxyId("reviews-v2").setState(ProxySyncState.NACKED)
        .setSentVersion(43L).setAckedVersion(40L).setNackedVersion(43L).setNackError("unknown cluster outbound|80|v9|x")
        .setSentTime(NOW).setTime(NOW).build());
    send(topics.policyStatus(), "VirtualService/default/reviews", PolicyStatus.newBuilder().setSubject("VirtualService/default/reviews")
        .setCommandId("c").setState(PolicyState.REJECTED).setErrors(List.of("spec.http[0].route: weights sum to 90"))
        .setActor("alice").setTime(NOW).build());
    send(topics.policyRollout(), "DestinationRule/default/reviews", PolicyRollout.newBuilder().setSubject("DestinationRule/default/reviews")
        .setTopic(topics.policyEvents().name()).setPartition(0).setOffset(0).setEventTime(NOW).setAffected(2).setApplied(1)
        .setNacks(List.of(new ProxyNack("reviews-v2", 43L, "unknown cluster"))).setApplyP50Ms(80L).setApplyP99Ms(80L).setTime(NOW).build());
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
  void shouldPrintTheNewestSnapshotOfAProxyAndRefuseAnUnknownOrDeletedOne() throws Exception {
    CliRun run = cli("proxy-config", "client");
    assertEquals(0, run.exitCode(), run.toString());
    assertEquals(ProxyConfigCommand.render(ProxyConfigRenderTest.snapshot(), ProxyConfigCommand.Output.JSON), run.out());

    CliRun gone = cli("proxy-config", "gone");
    assertEquals(1, gone.exitCode(), gone.toString());
    assertEquals("meshlog proxy-config: no snapshot for proxy 'gone' (see meshlog proxy-status)\n", gone.err());
  }

  @Test
  void shouldListProxiesWithTheirStateAndShowTheNackError() {
    CliRun table = cli("proxy-status");
    assertEquals(0, table.exitCode(), table.toString());
    assertTrue(table.out().matches("(?s)NAME +NAMESPACE +STATE +SENT VERSION +ACKED VERSION +AGE\n"
        + "client +- +SYNCED +42 +42 +\\d+s\nreviews-v2 +- +NACKED +43 +40 +\\d+s\n"), table.out());

    CliRun detail = cli("proxy-status", "reviews-v2");
    assertEquals(0, detail.exitCode(), detail.toString());
    assertTrue(detail.out().contains("NACK error:     unknown cluster outbound|80|v9|x"), detail.out());
  }

  @Test
  void shouldShowARejectedPolicyAndARolloutWithItsNacks() {
    CliRun rejected = cli("status", "vs/default/reviews");
    assertEquals(0, rejected.exitCode(), rejected.toString());
    assertEquals("VirtualService/default/reviews: rejected (by alice): spec.http[0].route: weights sum to 90\nnot in force\n", rejected.out());

    CliRun rollout = cli("status", "DestinationRule/default/reviews");
    assertEquals(0, rollout.exitCode(), rollout.toString());
    assertTrue(rollout.out().endsWith("applied to 1/2 proxies, p50 80 ms, p99 80 ms; 1 NACKed: reviews-v2 (v43): unknown cluster\n"),
        rollout.out());
  }
}
