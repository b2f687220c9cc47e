package dev.meshlog.telemetry;

import dev.meshlog.schemas.GroupInstanceId;
import dev.meshlog.schemas.GroupSessionTimeout;
import dev.meshlog.schemas.KafkaClientSettings;
import dev.meshlog.schemas.Topics;
import dev.meshlog.schemas.deadletter.CountingDeadLetterHandler;
import dev.meshlog.schemas.deadletter.DeadLetterCounts;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Everything the telemetry pipeline needs, validated on creation.
 *
 * @param bootstrap Kafka bootstrap servers
 * @param topics the topic set to read and write (prefixed in tests)
 * @param applicationId Streams application id; names the consumer group and the internal topics
 * @param stateDir where the window store lives (one sub-folder per application id)
 * @param replicationFactor of the internal changelog and repartition topics (1 on the embedded broker)
 * @param windows tumbling window sizes; every request is aggregated in each (10 s and 1 min by default)
 * @param grace how late (in event time) a request may arrive and still be counted in its window
 * @param streamThreads Streams threads of this instance (tasks = input partitions are spread over them)
 * @param instanceId static group membership ({@code group.instance.id}, Streams appends the thread index): a restarted
 *     instance gets its partitions back at once instead of after its old member's session timeout; empty = dynamic
 * @param standbyReplicas warm copies of each window store kept on other instances ({@code num.standby.replicas}), so a
 *     surviving instance takes over a dead one's windows without restoring them from the changelogs
 * @param kafkaClient connection and security settings (SASL, TLS) merged into every Kafka client of the pipeline
 * @param sessionTimeout how long the group waits for a silent instance before its tasks move (a crash takeover),
 *     {@link GroupSessionTimeout}
 */
public record PipelineConfig(
    String bootstrap, Topics topics, String applicationId, Path stateDir,
    int replicationFactor, List<Duration> windows, Duration grace, int streamThreads,
    Optional<String> instanceId, int standbyReplicas, KafkaClientSettings kafkaClient, Duration sessionTimeout) {

  public static final int DEFAULT_STANDBY_REPLICAS = 1;

  public static final String DEFAULT_APPLICATION_ID = "meshlog-telemetry";
  public static final List<Duration> DEFAULT_WINDOWS = List.of(Duration.ofSeconds(10), Duration.ofMinutes(1));
  /**
   * Five minutes. Lateness is judged against the stream time of the task behind the shuffle, which is
   * the latest event time of ALL input partitions: when a backlog is replayed (after the pipeline was
   * down or rebalancing), one input task can run ahead of another in event time by up to the length of
   * the backlog, and the lagging one's requests would arrive "late". Aggregates are published on every
   * update (no suppression), so a longer grace delays nothing a reader sees; it only keeps closed
   * windows in the store longer (size + grace). Five minutes covers a restart, a rebalance or a broker
   * failover of that length without losing requests; a longer outage drops (and counts) the excess.
   */
  public static final Duration DEFAULT_GRACE = Duration.ofMinutes(5);

  public PipelineConfig {
    Objects.requireNonNull(topics, "topics");
    Objects.requireNonNull(stateDir, "stateDir");
    windows = List.copyOf(Objects.requireNonNull(windows, "windows"));
    Objects.requireNonNull(grace, "grace");
    Objects.requireNonNull(kafkaClient, "kafkaClient");
    if (bootstrap == null || bootstrap.isBlank()) {
      throw new IllegalArgumentException("bootstrap must be set");
    }
    if (applicationId == null || applicationId.isBlank()) {
      throw new IllegalArgumentException("applicationId must be set");
    }
    if (replicationFactor < 1) {
      throw new IllegalArgumentException("replicationFactor must be >= 1, was " + replicationFactor);
    }
    if (windows.isEmpty() || windows.stream().anyMatch(w -> w.isNegative() || w.isZero())
        || windows.stream().distinct().count() != windows.size()) {
      throw new IllegalArgumentException("windows must be distinct positive durations, were " + windows);
    }
    if (streamThreads < 1) {
      throw new IllegalArgumentException("streamThreads must be >= 1, was " + streamThreads);
    }
    Objects.requireNonNull(instanceId, "instanceId");
    instanceId.ifPresent(GroupInstanceId::check); // the engine's rule: one id may name an instance of both
    if (standbyReplicas < 0) {
      throw new IllegalArgumentException("standbyReplicas must not be negative, was " + standbyReplicas);
    }
    GroupSessionTimeout.check(sessionTimeout);
    if (grace.isNegative()) {
      throw new IllegalArgumentException("grace must not be negative, was " + grace);
    }
  }

  /** Without client settings: a cluster that needs no login (the embedded broker). */
  public PipelineConfig(String bootstrap, Topics topics, String applicationId, Path stateDir,
      int replicationFactor, List<Duration> windows, Duration grace, int streamThreads, Optional<String> instanceId,
      int standbyReplicas) {
    this(bootstrap, topics, applicationId, stateDir, replicationFactor, windows, grace, streamThreads, instanceId, standbyReplicas,
        KafkaClientSettings.NONE, GroupSessionTimeout.DEFAULT);
  }

  /**
   * 10 s and 1 min windows, 5 min grace, application id {@value #DEFAULT_APPLICATION_ID}, replication factor 1, dynamic
   * membership, one standby replica (none is placed while only one instance runs).
   */
  public static PipelineConfig defaults(String bootstrap, Topics topics, Path stateDir) {
    return new PipelineConfig(bootstrap, topics, DEFAULT_APPLICATION_ID, stateDir, 1, DEFAULT_WINDOWS, DEFAULT_GRACE, 1, Optional.empty(),
        DEFAULT_STANDBY_REPLICAS);
  }

  public PipelineConfig withApplicationId(String id) {
    return new PipelineConfig(bootstrap, topics, id, stateDir, replicationFactor, windows, grace, streamThreads, instanceId,
        standbyReplicas, kafkaClient, sessionTimeout);
  }

  public PipelineConfig withReplicationFactor(int factor) {
    return new PipelineConfig(bootstrap, topics, applicationId, stateDir, factor, windows, grace, streamThreads, instanceId,
        standbyReplicas, kafkaClient, sessionTimeout);
  }

  public PipelineConfig withGrace(Duration newGrace) {
    return new PipelineConfig(bootstrap, topics, applicationId, stateDir, replicationFactor, windows, newGrace, streamThreads, instanceId,
        standbyReplicas, kafkaClient, sessionTimeout);
  }

  public PipelineConfig withStreamThreads(int threads) {
    return new PipelineConfig(bootstrap, topics, applicationId, stateDir, replicationFactor, windows, grace, threads, instanceId,
        standbyReplicas, kafkaClient, sessionTimeout);
  }

  /** Static membership: this instance's {@code group.instance.id} (the pod name on Kubernetes). */
  public PipelineConfig withInstanceId(String id) {
    return new PipelineConfig(bootstrap, topics, applicationId, stateDir, replicationFactor, windows, grace, streamThreads,
        Optional.of(id), standbyReplicas, kafkaClient, sessionTimeout);
  }

  public PipelineConfig withStandbyReplicas(int replicas) {
    return new PipelineConfig(bootstrap, topics, applicationId, stateDir, replicationFactor, windows, grace, streamThreads,
        instanceId, replicas, kafkaClient, sessionTimeout);
  }

  /** How long the group waits for a silent instance (a crash) before moving its tasks to the others. */
  public PipelineConfig withSessionTimeout(Duration timeout) {
    return new PipelineConfig(bootstrap, topics, applicationId, stateDir, replicationFactor, windows, grace, streamThreads, instanceId,
        standbyReplicas, kafkaClient, timeout);
  }

  /** Logs every client of the pipeline in with these settings (a {@code --kafka-config} file). */
  public PipelineConfig withKafkaClient(KafkaClientSettings settings) {
    return new PipelineConfig(bootstrap, topics, applicationId, stateDir, replicationFactor, windows, grace, streamThreads, instanceId,
        standbyReplicas, settings, sessionTimeout);
  }

  /** For tests of the topology: its dead letters are counted where nobody reads the count. */
  public Properties streamsProperties() {
    return streamsProperties(new DeadLetterCounts("pipeline"));
  }

  /**
   * The Streams settings every Meshlog job shares (exactly-once v2, 100 ms commits), plus ours.
   *
   * @param deadLetters where the pipeline counts the input records it dead-letters
   */
  public Properties streamsProperties(DeadLetterCounts deadLetters) {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, replicationFactor);
    // internal topics survive one broker down with RF 3 and still refuse a write only one replica holds
    p.put(StreamsConfig.topicPrefix(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG), replicationFactor >= 3 ? 2 : 1);
    p.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, standbyReplicas);
    instanceId.ifPresent(id -> p.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), id));
    GroupSessionTimeout.apply(p, sessionTimeout);
    // Aggregates become visible to read_committed readers at each commit: within a second.
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
    p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, streamThreads);
    // Telemetry is best-effort data: one undecodable record must not stop the whole pipeline.
    // Streams logs it with topic/partition/offset and skips it; the record itself is kept, bytes and
    // origin, on the dead-letter topic (KIP-1034), and counted in meshlog_deadletter_records_total.
    CountingDeadLetterHandler.install(p, topics.deadLetter().name(), deadLetters);
    return kafkaClient.over(p);
  }
}
