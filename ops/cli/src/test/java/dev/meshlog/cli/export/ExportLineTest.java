package dev.meshlog.cli.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshlog.avro.AckStatus;
import dev.meshlog.avro.ProxyAck;
import dev.meshlog.schemas.AvroSerde;
import dev.meshlog.schemas.SchemaCatalog;
import dev.meshlog.schemas.Topics;
import java.time.Instant;
import java.util.Base64;
import java.util.OptionalLong;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.junit.jupiter.api.Test;

/** The export line is valid JSON whose value decodes back to the record; options fail with one line. */
class ExportLineTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  static {
    SchemaCatalog.trustGenerated();
  }

  private static ProxyAck nack() {
    return ProxyAck.newBuilder().setProxyId("reviews-v1-0").setVersion(7).setNonce("ab\"c\n")
        .setStatus(AckStatus.NACK).setErrorDetail("unknown cluster").setTime(Instant.ofEpochMilli(1_700_000_000_123L)).build();
  }

  @Test
  void shouldRenderTheValueInAvroJsonThatDecodesBackToTheRecord() throws Exception {
    String line = ExportLine.decoded("mesh.proxy.acks", 2, 41, 1_700_000_000_500L, "reviews-v1-0", nack());

    assertTrue(!line.contains("\n"), "one line per record");
    JsonNode node = JSON.readTree(line);
    assertEquals("mesh.proxy.acks", node.get("topic").asText());
    assertEquals(2, node.get("partition").asInt());
    assertEquals(41, node.get("offset").asLong());
    assertEquals(1_700_000_000_500L, node.get("timestamp").asLong());
    assertEquals("reviews-v1-0", node.get("key").asText());
    assertEquals("NACK", node.get("value").get("status").asText());
    assertEquals("unknown cluster", node.get("value").get("errorDetail").get("string").asText(), "Avro JSON wraps unions");
    assertEquals(1_700_000_000_123L, node.get("value").get("time").asLong());

    var reader = new SpecificDatumReader<>(ProxyAck.class);
    ProxyAck back = reader.read(null, DecoderFactory.get().jsonDecoder(ProxyAck.getClassSchema(), node.get("value").toString()));
    assertEquals(nack(), back);
  }

  @Test
  void shouldPassTheSingleObjectBytesThroughAsBase64() throws Exception {
    byte[] bytes = new AvroSerde<>(ProxyAck.class).encode(nack());
    JsonNode node = JSON.readTree(ExportLine.raw("mesh.proxy.acks", 0, 3, 9L, "reviews-v1-0", bytes));

    byte[] back = Base64.getDecoder().decode(node.get("value").asText());
    assertEquals((byte) 0xC3, back[0]);
    assertEquals((byte) 0x01, back[1]);
    assertEquals(nack(), new AvroSerde<>(ProxyAck.class).decode(back));
  }

  @Test
  void shouldRenderTombstonesAsNullAndRawBytesAsBase64() throws Exception {
    JsonNode tombstone = JSON.readTree(ExportLine.decoded("t", 0, 0, 0L, "k", null));
    assertTrue(tombstone.get("value").isNull());
    JsonNode dead = JSON.readTree(ExportLine.decoded("t", 0, 0, 0L, new byte[] {1, 2}, new byte[] {3}));
    assertEquals("AQI=", dead.get("key").asText());
    assertEquals("Aw==", dead.get("value").asText());
  }

  @Test
  void shouldNameTheOptionAndTheValidChoicesOnBadInput() {
    var topic = assertThrows(IllegalArgumentException.class, () -> ExportTopics.resolve(Topics.withPrefix("x."), "mesh.nope"));
    assertTrue(topic.getMessage().startsWith("--topic: unknown topic 'mesh.nope'"), topic.getMessage());
    assertTrue(topic.getMessage().contains("x.mesh.policy.events"), topic.getMessage());
    assertEquals("x.mesh.policy.events", ExportTopics.resolve(Topics.withPrefix("x."), "x.mesh.policy.events").name());

    var format = assertThrows(IllegalArgumentException.class, () -> ExportFormat.parse("csv"));
    assertEquals("--format: expected one of json, avro, got 'csv'", format.getMessage());
    assertEquals(ExportFormat.AVRO, ExportFormat.parse("AVRO"));
  }

  @Test
  void shouldReadSinceAsInstantEpochMillisOrDurationAgo() {
    Instant now = Instant.parse("2026-11-26T14:02:00Z");
    assertEquals(OptionalLong.empty(), ExportStart.parse(null, now));
    assertEquals(OptionalLong.of(now.toEpochMilli()), ExportStart.parse("2026-11-26T14:02:00Z", now));
    assertEquals(OptionalLong.of(1234L), ExportStart.parse("1234", now));
    assertEquals(OptionalLong.of(now.minusSeconds(600).toEpochMilli()), ExportStart.parse("10m", now));
    var bad = assertThrows(IllegalArgumentException.class, () -> ExportStart.parse("yesterday", now));
    assertTrue(bad.getMessage().startsWith("--since: "), bad.getMessage());
  }
}
