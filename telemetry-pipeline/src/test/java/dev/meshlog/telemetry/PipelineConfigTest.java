package dev.meshlog.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.schemas.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/** How several pipeline instances share the group: static membership ids, standby replicas, session timeout, internal topics' ISR. */
class PipelineConfigTest {

  private static final PipelineConfig DEFAULTS = PipelineConfig.defaults("localhost:9092", Topics.DEFAULT, Path.of("state"));

  @Test
  void shouldUseDynamicMembershipAndOneStandbyReplicaByDefault() {
    StreamsConfig config = new StreamsConfig(DEFAULTS.streamsProperties());

    assertNull(config.getMainConsumerConfigs("g", "c", 1).get(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG));
    assertEquals(1, config.getInt(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG));
  }

  @Test
  void shouldGiveEachStreamThreadItsOwnStaticMembershipId() {
    StreamsConfig config = new StreamsConfig(DEFAULTS.withStreamThreads(2).withInstanceId("meshlog-pipeline-1")
        .withStandbyReplicas(2).streamsProperties());

    assertEquals("meshlog-pipeline-1-1", config.getMainConsumerConfigs("g", "c", 1).get(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG));
    assertEquals("meshlog-pipeline-1-2", config.getMainConsumerConfigs("g", "c", 2).get(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG));
    assertEquals(2, config.getInt(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG));
  }

  @Test
  void shouldGiveTheGroupConsumerTheSessionTimeout() {
    StreamsConfig defaults = new StreamsConfig(DEFAULTS.streamsProperties());
    assertEquals(45_000, defaults.getMainConsumerConfigs("g", "c", 1).get(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), "Kafka's");

    StreamsConfig shorter = new StreamsConfig(DEFAULTS.withSessionTimeout(Duration.ofSeconds(6)).streamsProperties());
    assertEquals(6_000, shorter.getMainConsumerConfigs("g", "c", 1).get(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG));
    assertEquals(2_000, shorter.getMainConsumerConfigs("g", "c", 1).get(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG));
    assertThrows(IllegalArgumentException.class, () -> DEFAULTS.withSessionTimeout(Duration.ofSeconds(5)));
  }

  @Test
  void shouldRequireTwoInSyncReplicasOfInternalTopicsFromReplicationFactorThree() {
    for (int rf : new int[] {1, 2, 3}) {
      var topicConfigs = new StreamsConfig(DEFAULTS.withReplicationFactor(rf).streamsProperties())
          .originalsWithPrefix(StreamsConfig.TOPIC_PREFIX);
      assertEquals(rf >= 3 ? 2 : 1, topicConfigs.get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG), "replication factor " + rf);
    }
  }

  @Test
  void shouldRefuseAnInstanceIdAPodNameCouldNotBe() {
    for (String bad : List.of("", "pipeline 0", "pipeline/0", "x".repeat(201))) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DEFAULTS.withInstanceId(bad), bad);
      assertTrue(e.getMessage().startsWith("instance id"), e.getMessage());
    }
    // the engine's rule and its messages (GroupInstanceId in schemas), not a pattern of its own
    assertEquals("instance id must be at most 200 characters, got 201",
        assertThrows(IllegalArgumentException.class, () -> DEFAULTS.withInstanceId("x".repeat(201))).getMessage());
    assertEquals("x".repeat(200), DEFAULTS.withInstanceId("x".repeat(200)).instanceId().orElseThrow());
    assertThrows(IllegalArgumentException.class, () -> DEFAULTS.withStandbyReplicas(-1));
  }
}
