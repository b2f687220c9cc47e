package dev.meshlog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshlog.avro.AckStatus;
import dev.meshlog.avro.ProxyAck;
import dev.meshlog.kafka.local.KafkaBroker;
import dev.meshlog.schemas.SchemaCatalog;
import dev.meshlog.schemas.TopicAdmin;
import dev.meshlog.schemas.TopicSpec;
import dev.meshlog.schemas.Topics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code meshlog export} on a real broker: every record as a JSON line, --since skips older ones. */
@ExtendWith(KafkaBroker.class)
class ExportCommandIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long OLD = 1_700_000_000_000L;
  private static final long NEW = OLD + 3_600_000L;

  static {
    SchemaCatalog.trustGenerated();
  }

  private static ProxyAck ack(String proxy, long version) {
    return ProxyAck.newBuilder().setProxyId(proxy).setVersion(version).setNonce("h" + version)
        .setStatus(AckStatus.ACK).setTime(Instant.ofEpochMilli(OLD)).build();
  }

  @Test
  void shouldExportEveryRecordAsJsonAndStartAtSince() throws Exception {
    String prefix = KafkaBroker.uniqueName("export") + ".";
    Topics topics = Topics.withPrefix(prefix);
    String bootstrap = KafkaBroker.bootstrapServers();
    TopicAdmin.ensureTopics(bootstrap, topics.all(), 2, (short) 1);
    TopicSpec<String, ProxyAck> acks = topics.proxyAcks();
    try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
        new StringSerializer(), acks.valueSerde().serializer())) {
      producer.send(new ProducerRecord<>(acks.name(), null, OLD, "a", ack("a", 1)));
      producer.send(new ProducerRecord<>(acks.name(), null, OLD, "b", ack("b", 1)));
      producer.send(new ProducerRecord<>(acks.name(), null, NEW, "a", ack("a", 2)));
      producer.send(new ProducerRecord<>(acks.name(), null, NEW, "c", ack("c", 2))).get();
    }
    String[] connect = {"--bootstrap", bootstrap, "--topic-prefix", prefix};

    List<JsonNode> all = lines(run(connect, "--topic", acks.name(), "--format", "json"));
    assertEquals(4, all.size());
    assertEquals(List.of("a/1", "a/2", "b/1", "c/2"), all.stream()
        .map(l -> l.get("key").asText() + "/" + l.get("value").get("version").asLong()).sorted().toList());
    all.forEach(l -> assertEquals(acks.name(), l.get("topic").asText()));

    List<JsonNode> recent = lines(run(connect, "--topic", acks.name(), "--since", Instant.ofEpochMilli(NEW - 60_000).toString()));
    assertEquals(List.of("a/2", "c/2"), recent.stream()
        .map(l -> l.get("key").asText() + "/" + l.get("value").get("version").asLong()).sorted().toList());
    recent.forEach(l -> assertEquals(NEW, l.get("timestamp").asLong()));

    List<JsonNode> raw = lines(run(connect, "--topic", acks.name(), "--format", "avro", "--since", String.valueOf(NEW)));
    assertEquals(2, raw.size());
    raw.forEach(l -> assertEquals(ack(l.get("key").asText(), 2),
        acks.valueSerde().deserializer().deserialize(acks.name(), Base64.getDecoder().decode(l.get("value").asText()))));
  }

  @Test
  void shouldRefuseAnUnknownTopicOrFormatWithTheValidNames() {
    String prefix = KafkaBroker.uniqueName("export-bad") + ".";
    CliRun unknown = CliRun.of("export", "--bootstrap", KafkaBroker.bootstrapServers(), "--topic-prefix", prefix, "--topic", "mesh.policy.events");
    assertEquals(2, unknown.exitCode());
    assertTrue(unknown.err().contains("--topic") && unknown.err().contains(prefix + "mesh.policy.events"), unknown.err());
    CliRun format = CliRun.of("export", "--topic", "mesh.policy.events", "--format", "csv");
    assertEquals(2, format.exitCode());
    assertTrue(format.err().contains("--format"), format.err());
  }

  private static CliRun run(String[] connect, String... args) {
    List<String> all = new ArrayList<>(List.of("export"));
    all.addAll(List.of(connect));
    all.addAll(List.of(args));
    CliRun run = CliRun.of(all.toArray(String[]::new));
    assertEquals(0, run.exitCode(), run.err());
    return run;
  }

  private static List<JsonNode> lines(CliRun run) throws Exception {
    List<JsonNode> parsed = new ArrayList<>();
    for (String line : run.out().split("\n")) {
      if (!line.isBlank()) {
        parsed.add(JSON.readTree(line));
      }
    }
    return parsed;
  }
}
