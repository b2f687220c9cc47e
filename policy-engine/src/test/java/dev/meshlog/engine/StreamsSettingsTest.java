package dev.meshlog.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meshlog.avro.PolicyState;
import dev.meshlog.engine.sequencer.SequencerTopology;
import dev.meshlog.schemas.GroupSessionTimeout;
import dev.meshlog.schemas.Topics;
import dev.meshlog.schemas.deadletter.DeadLetter;
import dev.meshlog.schemas.deadletter.DeadLetterCounts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine's Streams settings: an undecodable input record is dead-lettered, counted for the engine, and skipped. */
class StreamsSettingsTest {

  private static final Topics TOPICS = Topics.withPrefix("test.");

  @TempDir
  Path stateDir;

  @Test
  void shouldDeadLetterCountAndSkipAnUndecodableCommand() {
    DeadLetterCounts counts = new DeadLetterCounts("engine");
    byte[] garbage = "kind: VirtualService".getBytes(StandardCharsets.UTF_8);
    Properties settings = StreamsSettings.forApp("sequencer-test", "unused:9092", stateDir, 1, TOPICS.deadLetter().name(), counts);
    // TopologyTestDriver 4.4 drops dead letters written under exactly-once; DeadLetterIT covers them on a real broker
    settings.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
    try (TopologyTestDriver driver = new TopologyTestDriver(SequencerTopology.build(TOPICS), settings)) {
      var commands = TOPICS.policyCommands();
      driver.createInputTopic(commands.name(), new ByteArraySerializer(), new ByteArraySerializer())
          .pipeInput("VirtualService/default/bad".getBytes(StandardCharsets.UTF_8), garbage);
      driver.createInputTopic(commands.name(), commands.keySerde().serializer(), commands.valueSerde().serializer())
          .pipeInput("DestinationRule/default/reviews", MeshFixtures.reviewsSubsets("00000000-0000-0000-0000-0000000000aa"));

      var status = TOPICS.policyStatus();
      assertEquals(List.of(PolicyState.ACCEPTED), driver.createOutputTopic(status.name(), status.keySerde().deserializer(),
          status.valueSerde().deserializer()).readValuesToList().stream().map(s -> s.getState()).toList());
      List<TestRecord<byte[], byte[]>> dead = driver.createOutputTopic(TOPICS.deadLetter().name(), new ByteArrayDeserializer(),
          new ByteArrayDeserializer()).readRecordsToList();
      assertEquals(1, dead.size());
      assertArrayEquals(garbage, dead.get(0).value());
      assertEquals(Optional.of(commands.name()), DeadLetter.header(dead.get(0).headers(), DeadLetter.HEADER_TOPIC));
      assertEquals(Optional.of("0"), DeadLetter.header(dead.get(0).headers(), DeadLetter.HEADER_OFFSET));
      assertEquals(Map.of(commands.name(), 1L), counts.byTopic());
    }
  }

  @Test
  void shouldGiveEachStreamThreadItsOwnStaticMembershipId() {
    Properties settings = StreamsSettings.withMembership(
        StreamsSettings.forApp("engine-test", "unused:9092", stateDir, 3, TOPICS.deadLetter().name()), Optional.of("engine-0"), 1,
        GroupSessionTimeout.DEFAULT);
    StreamsConfig config = new StreamsConfig(settings);

    // a restarted instance presents the same ids, so the coordinator hands it its old partitions without a rebalance
    assertEquals("engine-0-1", config.getMainConsumerConfigs("engine-test", "c", 1).get(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG));
    assertEquals("engine-0-2", config.getMainConsumerConfigs("engine-test", "c", 2).get(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG));
    assertEquals(1, config.getInt(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG));
  }

  @Test
  void shouldGiveTheGroupConsumerTheSessionTimeoutAndAThirdOfItAsHeartbeat() {
    StreamsConfig config = new StreamsConfig(StreamsSettings.withMembership(
        StreamsSettings.forApp("engine-test", "unused:9092", stateDir, 1, TOPICS.deadLetter().name()), Optional.empty(), 1,
        Duration.ofSeconds(9)));

    Map<String, Object> consumer = config.getMainConsumerConfigs("engine-test", "c", 1);
    // a killed instance's tasks move after this, not after Kafka's 45 s
    assertEquals(9_000, consumer.get(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG));
    assertEquals(3_000, consumer.get(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG));
    assertEquals(null, config.getRestoreConsumerConfigs("c").get(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG),
        "only the consumer that joins the group");
  }

  @Test
  void shouldUseDynamicMembershipWithoutAnInstanceId() {
    StreamsConfig config = new StreamsConfig(StreamsSettings.withMembership(
        StreamsSettings.forApp("engine-test", "unused:9092", stateDir, 1, TOPICS.deadLetter().name()), Optional.empty(), 0,
        GroupSessionTimeout.DEFAULT));

    assertEquals(null, config.getMainConsumerConfigs("engine-test", "c", 1).get(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG));
    assertEquals(0, config.getInt(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG));
  }

  @Test
  void shouldRequireTwoInSyncReplicasOfInternalTopicsFromReplicationFactorThree() {
    String minIsr = StreamsConfig.topicPrefix(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG);
    for (int rf : new int[] {1, 2, 3, 5}) {
      Properties settings = StreamsSettings.forApp("engine-test", "unused:9092", stateDir, rf, TOPICS.deadLetter().name());
      assertEquals(rf >= 3 ? 2 : 1, settings.get(minIsr), "replication factor " + rf);
      // what Streams passes to the internal topics it creates
      assertEquals(String.valueOf(rf >= 3 ? 2 : 1),
          String.valueOf(new StreamsConfig(settings).originalsWithPrefix(StreamsConfig.TOPIC_PREFIX).get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG)));
    }
  }
}
