package examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshlog.avro.AckStatus;
import dev.meshlog.avro.PolicyEvent;
import dev.meshlog.avro.ProxyAck;
import dev.meshlog.kafka.local.KafkaBroker;
import dev.meshlog.schemas.SchemaCatalogPublisher;
import dev.meshlog.schemas.Topics;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The plain consumer, in a class loader without any Meshlog class, against a real broker: it decodes policy
 * events and proxy acks through the catalog topic alone, and names a value whose schema the catalog lacks.
 */
@ExtendWith(KafkaBroker.class)
class PlainConsumerIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  // Recent: acks are kept 7 days, and the broker deletes older records at its next retention check.
  private static final Instant T = Instant.now().minus(Duration.ofMinutes(5)).truncatedTo(ChronoUnit.MILLIS);

  @Test
  void shouldDecodeEveryTopicThroughTheCatalogWithoutMeshlogClasses() throws Exception {
    String bootstrap = KafkaBroker.bootstrapServers();
    String prefix = KafkaBroker.uniqueName("plain") + ".";
    Topics topics = Topics.withPrefix(prefix);
    MeshRecords.setUp(bootstrap, topics);
    List<PolicyEvent> events = List.of(MeshRecords.event(1, "reviews", "alice", T), MeshRecords.event(2, "ratings", "bob", T.plusSeconds(1)));
    for (PolicyEvent e : events) {
      MeshRecords.write(bootstrap, topics.policyEvents(), Map.of(e.getEnvelope().getSubject(), e), T.toEpochMilli());
    }
    MeshRecords.write(bootstrap, topics.proxyAcks(), Map.of("reviews-v1", MeshRecords.ack("reviews-v1", 3, AckStatus.NACK, T)), T.toEpochMilli());
    MeshRecords.writeRaw(bootstrap, topics.proxyAcks().name(), "future", MeshRecords.unknownValue(), Map.of());
    String catalog = topics.schemaCatalog().name();

    try (IsolatedConsumer outside = new IsolatedConsumer()) {
      assertThrows(ClassNotFoundException.class, () -> outside.loader.loadClass("dev.meshlog.avro.PolicyEvent"));

      IsolatedConsumer.Run policy = outside.run("--bootstrap", bootstrap, "--topic", topics.policyEvents().name(), "--catalog-topic", catalog);
      assertEquals(0, policy.exitCode(), policy.err());
      List<JsonNode> lines = parse(policy.lines());
      assertEquals(2, lines.size(), policy.out());
      for (int i = 0; i < 2; i++) {
        JsonNode line = lines.get(i);
        assertEquals("dev.meshlog.avro.PolicyEvent", line.get("schema").asText());
        assertEquals(SchemaCatalogPublisher.key(PolicyEvent.getClassSchema()), line.get("fingerprint").asText());
        assertEquals(events.get(i).getEnvelope().getSubject(), line.get("key").asText());
        assertEquals(T.toEpochMilli(), line.get("timestamp").asLong());
        // the value is Avro's JSON encoding: it reads back into exactly the event that was written
        assertEquals(events.get(i), new SpecificDatumReader<PolicyEvent>(PolicyEvent.class).read(null,
            DecoderFactory.get().jsonDecoder(PolicyEvent.getClassSchema(), line.get("value").toString())));
      }
      assertEquals("alice", lines.get(0).get("value").get("envelope").get("actor").asText());

      IsolatedConsumer.Run acks = outside.run("--bootstrap", bootstrap, "--topic", topics.proxyAcks().name(), "--catalog-topic", catalog);
      assertEquals(1, acks.exitCode(), "an undecodable record is reported in the exit code: " + acks.err());
      List<JsonNode> ackLines = parse(acks.lines());
      assertEquals(2, ackLines.size(), acks.out());
      JsonNode nack = ackLines.get(0);
      assertEquals("dev.meshlog.avro.ProxyAck", nack.get("schema").asText());
      assertEquals("NACK", nack.get("value").get("status").asText());
      assertEquals("route r1 names missing cluster c9", nack.get("value").get("errorDetail").get("string").asText());
      String unknown = String.format("%016x", SchemaNormalization.parsingFingerprint64(MeshRecords.UNKNOWN));
      JsonNode future = ackLines.get(1);
      assertEquals("future", future.get("key").asText());
      assertEquals(unknown, future.get("fingerprint").asText());
      assertEquals("unknown schema fingerprint " + unknown + ": not in the catalog topic " + catalog, future.get("error").asText());
      assertTrue(acks.err().contains("1 record(s) with unknown schema fingerprint " + unknown + ": not among the "
          + SchemaCatalogPublisher.entries().size() + " schemas of " + catalog), acks.err());
    }
  }

  @Test
  void shouldRefuseMissingOptionsWithUsage() throws Exception {
    try (IsolatedConsumer outside = new IsolatedConsumer()) {
      IsolatedConsumer.Run run = outside.run("--topic", "mesh.proxy.acks");
      assertEquals(2, run.exitCode());
      assertTrue(run.err().startsWith("plain-consumer: --bootstrap is required\nusage: PlainConsumer"), run.err());
    }
  }

  private static List<JsonNode> parse(List<String> lines) throws Exception {
    List<JsonNode> parsed = new ArrayList<>();
    for (String line : lines) {
      parsed.add(JSON.readTree(line));
    }
    return parsed;
  }

}
