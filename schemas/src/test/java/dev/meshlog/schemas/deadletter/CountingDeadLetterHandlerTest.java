package dev.meshlog.schemas.deadletter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.avro.Envelope;
import dev.meshlog.avro.Source;
import dev.meshlog.schemas.AvroSerde;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.test.TestRecord;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.Test;

class CountingDeadLetterHandlerTest {

  private static final String IN = "in.events";
  private static final String OUT = "out.events";
  private static final String DLQ = "mesh.deadletter";
  private final AvroSerde<Envelope> envelopes = new AvroSerde<>(Envelope.class);

  @Test
  void shouldDeadLetterCountAndSkipAnUndecodableRecordThenProcessTheNext() {
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream(IN, Consumed.with(Serdes.String(), envelopes)).to(OUT, Produced.with(Serdes.String(), envelopes));
    DeadLetterCounts counts = new DeadLetterCounts("engine");
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "handler-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    CountingDeadLetterHandler.install(props, DLQ, counts);
    byte[] garbage = "not avro".getBytes(StandardCharsets.UTF_8);
    try (TopologyTestDriver driver = new TopologyTestDriver(builder.build(), props)) {
      var raw = driver.createInputTopic(IN, new ByteArraySerializer(), new ByteArraySerializer());
      raw.pipeInput("k1".getBytes(StandardCharsets.UTF_8), garbage);
      raw.pipeInput("k2".getBytes(StandardCharsets.UTF_8), envelopes.serializer().serialize(IN, envelope()));

      var out = driver.createOutputTopic(OUT, Serdes.String().deserializer(), envelopes.deserializer());
      assertEquals(List.of("k2"), out.readKeyValuesToList().stream().map(kv -> kv.key).toList(), "the next record is processed");
      var dead = driver.createOutputTopic(DLQ, new ByteArrayDeserializer(), new ByteArrayDeserializer()).readRecordsToList();
      assertEquals(1, dead.size());
      TestRecord<byte[], byte[]> letter = dead.get(0);
      assertArrayEquals(garbage, letter.value());
      assertEquals(Optional.of(IN), DeadLetter.header(letter.headers(), DeadLetter.HEADER_TOPIC));
      assertEquals(Optional.of("0"), DeadLetter.header(letter.headers(), DeadLetter.HEADER_PARTITION));
      assertEquals(Optional.of("0"), DeadLetter.header(letter.headers(), DeadLetter.HEADER_OFFSET));
      assertEquals(Map.of(IN, 1L), counts.byTopic());
      assertTrue(DeadLetterCounts.prometheus(List.of(counts))
          .contains("meshlog_deadletter_records_total{job=\"engine\",topic=\"in.events\"} 1\n"));
    }
  }

  @Test
  void shouldRefuseToRunWithoutCounts() {
    CountingDeadLetterHandler handler = new CountingDeadLetterHandler();
    assertThrows(org.apache.kafka.common.config.ConfigException.class, () -> handler.configure(Map.of()));
  }

  private static Envelope envelope() {
    return Envelope.newBuilder().setId("e1").setType("PolicyUpserted").setSubject("VirtualService/default/r").setActor("test")
        .setSource(Source.CLI).setTime(java.time.Instant.EPOCH).build();
  }
}
