package dev.meshlog.telemetry.aggregate;

import static dev.meshlog.telemetry.aggregate.RequestAggregationTopologyTest.GRACE;
import static dev.meshlog.telemetry.aggregate.RequestAggregationTopologyTest.T0;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.meshlog.schemas.Topics;
import dev.meshlog.schemas.deadletter.DeadLetter;
import dev.meshlog.schemas.deadletter.DeadLetterCounts;
import dev.meshlog.telemetry.PipelineConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Telemetry from any sidecar (or anyone) lands on the pipeline's inputs: a record it cannot decode is kept, counted, skipped. */
class DeadLetterTopologyTest {

  private final Topics topics = Topics.withPrefix("ttd.");
  @TempDir Path stateDir;

  @Test
  void shouldDeadLetterAndCountUndecodableTelemetryOnEachInputAndAggregateTheNextRecord() {
    DeadLetterCounts counts = new DeadLetterCounts("pipeline");
    var config = PipelineConfig.defaults("unused:9092", topics, stateDir);
    byte[] garbage = {0x00, 0x01, (byte) 0xc3, 0x28};
    Properties settings = config.streamsProperties(counts);
    // TopologyTestDriver 4.4 drops dead letters written under exactly-once; the pipeline's IT covers them on a real broker
    settings.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
    try (TopologyTestDriver driver = new TopologyTestDriver(
        RequestAggregationTopology.build(topics, PipelineConfig.DEFAULT_WINDOWS, GRACE), settings)) {
      for (String input : List.of(topics.telemetryRequests().name(), topics.telemetryConnections().name())) {
        driver.createInputTopic(input, new ByteArraySerializer(), new ByteArraySerializer())
            .pipeInput("productpage-1".getBytes(StandardCharsets.UTF_8), garbage, T0);
      }
      var in = topics.telemetryRequests();
      driver.createInputTopic(in.name(), in.keySerde().serializer(), in.valueSerde().serializer())
          .pipeInput("productpage-1", RequestAggregationTopologyTest.telemetry(1_000, t -> t), T0);

      var out = topics.telemetryMetrics();
      assertFalse(driver.createOutputTopic(out.name(), out.keySerde().deserializer(), out.valueSerde().deserializer())
          .readKeyValuesToMap().isEmpty(), "the good record after the bad ones is aggregated");
      List<TestRecord<byte[], byte[]>> dead = driver.createOutputTopic(topics.deadLetter().name(), new ByteArrayDeserializer(),
          new ByteArrayDeserializer()).readRecordsToList();
      assertEquals(List.of(topics.telemetryRequests().name(), topics.telemetryConnections().name()),
          dead.stream().map(r -> DeadLetter.header(r.headers(), DeadLetter.HEADER_TOPIC).orElseThrow()).toList());
      assertArrayEquals(garbage, dead.get(0).value());
      assertEquals(Optional.of("0"), DeadLetter.header(dead.get(0).headers(), DeadLetter.HEADER_OFFSET));
      assertEquals(Map.of(topics.telemetryRequests().name(), 1L, topics.telemetryConnections().name(), 1L), counts.byTopic());
    }
  }
}
