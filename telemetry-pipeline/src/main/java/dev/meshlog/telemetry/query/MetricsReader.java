package dev.meshlog.telemetry.query;

import dev.meshlog.avro.RequestMetric;
import dev.meshlog.schemas.TopicSpec;
import dev.meshlog.schemas.KafkaClientSettings;
import dev.meshlog.schemas.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the recent windows of {@code mesh.telemetry.metrics} for {@code meshlog top}: a one-shot,
 * group-less, read_committed scan of every partition from about {@code now - lookback} up to the
 * end offsets taken when the scan starts, keeping the latest value per key.
 */
public final class MetricsReader {

  private static final Logger log = LoggerFactory.getLogger(MetricsReader.class);

  /**
   * How much earlier than the cut-off the scan starts. A window's records carry the time of its
   * latest request, which precedes the window's end by up to the window size, and proxies' clocks
   * drift; starting earlier only reads more, the window-end filter decides what is shown.
   */
  static final Duration SEEK_SLACK = Duration.ofMinutes(5);

  private MetricsReader() {}

  /** Metrics of windows that ended within {@code lookback} of now (plus the open ones), sorted. */
  public static List<RequestMetric> readLatest(String bootstrap, Topics topics, Duration lookback, Duration timeout) {
    return readLatest(bootstrap, topics, lookback, timeout, Clock.systemUTC());
  }

  /** {@link #readLatest(String, Topics, Duration, Duration)} logged in with the cluster's connection and security settings. */
  public static List<RequestMetric> readLatest(String bootstrap, KafkaClientSettings client, Topics topics, Duration lookback,
      Duration timeout) {
    return readLatest(bootstrap, client, topics, lookback, timeout, Clock.systemUTC());
  }

  /**
   * @throws TimeoutException if the end offsets are not reached within {@code timeout}: a partial
   *     table would show wrong numbers as if they were right
   */
  public static List<RequestMetric> readLatest(String bootstrap, Topics topics, Duration lookback, Duration timeout, Clock clock) {
    return readLatest(bootstrap, KafkaClientSettings.NONE, topics, lookback, timeout, clock);
  }

  static List<RequestMetric> readLatest(String bootstrap, KafkaClientSettings client, Topics topics, Duration lookback,
      Duration timeout, Clock clock) {
    TopicSpec<String, RequestMetric> spec = topics.telemetryMetrics();
    Instant cutoff = clock.instant().minus(lookback);
    long deadline = System.nanoTime() + timeout.toNanos();
    try (var consumer = new KafkaConsumer<>(client.over(consumerConfig(bootstrap)), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(spec.name(), timeout).stream()
          .map(info -> new TopicPartition(info.topic(), info.partition()))
          .toList();
      if (partitions.isEmpty()) {
        log.warn("topic {} has no partitions (does it exist?)", spec.name());
        return List.of();
      }
      consumer.assign(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
      seekNear(consumer, partitions, end, cutoff.minus(SEEK_SLACK).toEpochMilli(), timeout);

      RecentMetrics metrics = new RecentMetrics();
      Deserializer<String> keys = spec.keySerde().deserializer();
      Deserializer<RequestMetric> values = spec.valueSerde().deserializer();
      while (!reachedEnd(consumer, end)) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new TimeoutException("did not read " + spec.name() + " to its end offsets " + end + " within " + timeout);
        }
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofNanos(Math.min(left, 200_000_000L)))) {
          if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
            offer(metrics, keys, values, r);
          }
        }
      }
      return metrics.endingAtOrAfter(cutoff);
    }
  }

  private static Map<String, Object> consumerConfig(String bootstrap) {
    Map<String, Object> c = new HashMap<>();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    // The pipeline writes transactionally; uncommitted or aborted aggregates are not facts.
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.put(ConsumerConfig.CLIENT_ID_CONFIG, "meshlog-top");
    return c;
  }

  private static void seekNear(KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions,
      Map<TopicPartition, Long> end, long fromMillis, Duration timeout) {
    Map<TopicPartition, Long> query = partitions.stream().collect(Collectors.toMap(p -> p, p -> Math.max(0, fromMillis)));
    Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query, timeout);
    for (TopicPartition p : partitions) {
      OffsetAndTimestamp at = found.get(p);
      // No record that recent: nothing to read in this partition.
      consumer.seek(p, at == null ? end.get(p) : at.offset());
    }
  }

  private static boolean reachedEnd(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
    Set<TopicPartition> partitions = end.keySet();
    for (TopicPartition p : partitions) {
      if (consumer.position(p) < end.get(p)) {
        return false;
      }
    }
    return true;
  }

  private static void offer(RecentMetrics metrics, Deserializer<String> keys, Deserializer<RequestMetric> values,
      ConsumerRecord<byte[], byte[]> r) {
    try {
      metrics.offer(keys.deserialize(r.topic(), r.key()), values.deserialize(r.topic(), r.value()));
    } catch (SerializationException e) {
      log.warn("skipping undecodable metric at {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
    }
  }
}
