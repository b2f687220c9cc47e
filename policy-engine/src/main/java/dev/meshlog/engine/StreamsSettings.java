package dev.meshlog.engine;

import dev.meshlog.schemas.GroupSessionTimeout;
import dev.meshlog.schemas.KafkaClientSettings;
import dev.meshlog.schemas.deadletter.CountingDeadLetterHandler;
import dev.meshlog.schemas.deadletter.DeadLetterCounts;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;

/** The Streams configuration every engine app runs with (the brief's rules for Streams apps). */
public final class StreamsSettings {

  private StreamsSettings() {}

  /** For tests of one app: its dead letters are counted where nobody reads the count. */
  public static Properties forApp(String applicationId, String bootstrap, Path stateDir, int replicationFactor, String deadLetterTopic) {
    return forApp(applicationId, bootstrap, stateDir, replicationFactor, deadLetterTopic, new DeadLetterCounts("engine"));
  }

  /** @param deadLetters where the app counts the records it dead-letters (one per engine, shared by its apps) */
  public static Properties forApp(String applicationId, String bootstrap, Path stateDir, int replicationFactor, String deadLetterTopic,
      DeadLetterCounts deadLetters) {
    return forApp(applicationId, bootstrap, stateDir, replicationFactor, deadLetterTopic, deadLetters, KafkaClientSettings.NONE);
  }

  /** @param kafkaClient connection and security settings for every client of the app (its producer, consumers, admin) */
  public static Properties forApp(String applicationId, String bootstrap, Path stateDir, int replicationFactor, String deadLetterTopic,
      DeadLetterCounts deadLetters, KafkaClientSettings kafkaClient) {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    // exactly-once: the event, its status and the store updates commit together; readers use read_committed
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, replicationFactor);
    // internal topics (changelogs, repartition) survive one broker down with RF 3 and still refuse a write only one holds
    p.put(StreamsConfig.topicPrefix(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG), minInSyncReplicas(replicationFactor));
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
    p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toAbsolutePath().toString());
    // a record that cannot be decoded is logged (topic, partition, offset) and skipped; it must not stop the chain;
    // it is kept, bytes and origin, on the dead-letter topic (KIP-1034), in the same transaction, and counted
    CountingDeadLetterHandler.install(p, deadLetterTopic, deadLetters);
    // the engine has no global stores; opting in only silences Kafka 4's start-up warning about them
    p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
    return kafkaClient.over(p);
  }

  /**
   * Adds how this instance shares its apps' groups with the others: static membership when {@code instanceId} is set
   * (Streams appends each thread's index, so the id stays unique per consumer), standby replicas and the session timeout.
   */
  public static Properties withMembership(Properties p, Optional<String> instanceId, int standbyReplicas, Duration sessionTimeout) {
    instanceId.ifPresent(id -> p.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), id));
    p.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, standbyReplicas);
    return GroupSessionTimeout.apply(p, sessionTimeout);
  }

  /** 2 from replication factor 3 up (one broker may be down), else 1 (every replica must take writes). */
  static int minInSyncReplicas(int replicationFactor) {
    return replicationFactor >= 3 ? 2 : 1;
  }
}
