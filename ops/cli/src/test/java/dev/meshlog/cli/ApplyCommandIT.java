package dev.meshlog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.kafka.local.KafkaBroker;
import dev.meshlog.schemas.TopicAdmin;
import dev.meshlog.schemas.Topics;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
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
    assertEquals(before, endOffset(), "nothing published");
  }

  @Test
  void shouldPublishEveryDocumentOfAValidFileInOneGo() throws Exception {
    long before = endOffset();
    CliRun run = apply(Path.of("../demo/reviews-90-10.yaml"));
    assertEquals(0, run.exitCode(), run.toString());
    assertTrue(run.out().contains("DestinationRule/default/reviews published"), run.out());
    assertTrue(run.out().contains("VirtualService/default/reviews published"), run.out());
    // two commands plus the transaction's commit marker
    assertEquals(before + 3, endOffset());
  }

  @Test
  void shouldPublishNothingOnDryRun() throws Exception {
    long before = endOffset();
    CliRun run = CliRun.of("apply", "-f", "../demo/reviews-90-10.yaml", "--dry-run",
        "--bootstrap", KafkaBroker.bootstrapServers(), "--topic-prefix", prefix);
    assertEquals(0, run.exitCode(), run.toString());
    assertTrue(run.out().contains("VirtualService/default/reviews valid (dry run)"), run.out());
    assertEquals(before, endOffset());
  }

  private static CliRun apply(Path file) {
    return CliRun.of("apply", "-f", file.toString(), "--bootstrap", KafkaBroker.bootstrapServers(),
        "--topic-prefix", prefix, "--wait", "0s", "--actor", "test:apply");
  }

  private static Path resource(String name) throws URISyntaxException {
    return Path.of(ApplyCommandIT.class.getClassLoader().getResource(name).toURI());
  }

  private static long endOffset() throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers()))) {
      TopicPartition tp = new TopicPartition(topics.policyCommands().name(), 0);
      return admin.listOffsets(Map.of(tp, OffsetSpec.latest())).partitionResult(tp).get().offset();
    }
  }

}
