package dev.meshlog.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.kafka.local.KafkaBroker;
import dev.meshlog.schemas.TopicAdmin;
import dev.meshlog.schemas.Topics;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code meshlog apply} against a real broker: bad input is refused whole, good input is published. */
@ExtendWith(KafkaBroker.class)
class ApplyCommandIT {

  private static String prefix;
  private static Topics topics;

  @BeforeAll
  static void createTopics() {
    prefix = KafkaBroker.uniqueName("apply") + ".";
    topics = Topics.withPrefix(prefix);
    TopicAdmin.ensureTopics(KafkaBroker.bootstrapServers(), topics.all(), 1, (short) 1);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "malformed.yaml       | line       | ",
      "unknown-kind.yaml    | kind       | Gateway",
      "negative-weight.yaml | spec.http[0].route[1].weight | -10",
      "weights-not-100.yaml | spec.http[0].route | 90",
      "missing-host.yaml    | spec.http[0].route[0].destination.host | required"})
  void shouldRefuseBadInputNamingFileFieldAndReasonAndPublishNothing(String file, String field, String reason) throws Exception {
    long before = endOffset();
    CliRun run = apply(resource("policies/bad/" + file));
    assertEquals(1, run.exitCode(), run.toString());
    assertTrue(run.err().contains(file), "names the file: " + run.err());
    assertTrue(run.err().contains(field), "names the field " + field + ": " + run.err());
    if (reason != null) {
      assertTrue(run.err().contains(reason), "gives the reason (" + reason + "): " + run.err());
    }
    assertEquals(List.of(), keysFrom(before, "read_uncommitted"), "nothing published, not even uncommitted");
  }

  @Test
  void shouldPublishEveryDocumentOfAValidFileInOneGo() throws Exception {
    long before = endOffset();
    CliRun run = apply(Path.of("../demo/reviews-90-10.yaml"));
    assertEquals(0, run.exitCode(), run.toString());
    assertTrue(run.out().contains("DestinationRule/default/reviews published"), run.out());
    assertTrue(run.out().contains("VirtualService/default/reviews published"), run.out());
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertEquals(
        List.of("DestinationRule/default/reviews", "VirtualService/default/reviews"), keysFrom(before, "read_committed")));
  }

  @Test
  void shouldPublishNothingOnDryRun() throws Exception {
    long before = endOffset();
    CliRun run = CliRun.of("apply", "-f", "../demo/reviews-90-10.yaml", "--dry-run",
        "--bootstrap", KafkaBroker.bootstrapServers(), "--topic-prefix", prefix);
    assertEquals(0, run.exitCode(), run.toString());
    assertTrue(run.out().contains("VirtualService/default/reviews valid (dry run)"), run.out());
    assertEquals(List.of(), keysFrom(before, "read_uncommitted"));
  }

  @Test
  void shouldFailFastWithAHintWhenNoMeshIsRunning() throws Exception {
    int closedPort;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    CliRun run = CliRun.of("apply", "-f", "../demo/reviews-90-10.yaml", "--bootstrap", "127.0.0.1:" + closedPort);
    assertEquals(1, run.exitCode(), run.toString());
    assertTrue(run.err().contains("cannot reach Kafka at 127.0.0.1:" + closedPort), run.err());
    assertTrue(run.err().contains("meshlog up"), "hints at the fix: " + run.err());
  }

  private static CliRun apply(Path file) {
    return CliRun.of("apply", "-f", file.toString(), "--bootstrap", KafkaBroker.bootstrapServers(),
        "--topic-prefix", prefix, "--wait", "0s", "--actor", "test:apply");
  }

  private static Path resource(String name) throws URISyntaxException {
    return Path.of(ApplyCommandIT.class.getClassLoader().getResource(name).toURI());
  }

  /** Keys a reader with that isolation level sees from {@code offset} on (commit markers are never records). */
  private static List<String> keysFrom(long offset, String isolationLevel) {
    TopicPartition tp = new TopicPartition(topics.policyCommands().name(), 0);
    try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers(),
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolationLevel), new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.assign(List.of(tp));
      consumer.seek(tp, offset);
      List<String> keys = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> keys.add(r.key()));
      }
      return keys;
    }
  }

  private static long endOffset() throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers()))) {
      TopicPartition tp = new TopicPartition(topics.policyCommands().name(), 0);
      return admin.listOffsets(Map.of(tp, OffsetSpec.latest())).partitionResult(tp).get().offset();
    }
  }

}
