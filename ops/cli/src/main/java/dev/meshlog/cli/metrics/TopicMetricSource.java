package dev.meshlog.cli.metrics;

import dev.meshlog.avro.ConnectionMetric;
import dev.meshlog.avro.RequestMetric;
import dev.meshlog.schemas.TopicSpec;
import dev.meshlog.schemas.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tails mesh.telemetry.metrics and mesh.telemetry.tcp-metrics (read_committed, no group) on a
 * thread of its own and keeps the latest value per record key for windows that ended within
 * {@link #HORIZON}. A window dropped for age is never offered again: later updates to it are
 * ignored, which {@link CumulativeMetrics} relies on to count each window once.
 */
public final class TopicMetricSource implements MetricSource, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(TopicMetricSource.class);

  /** Longer than the pipeline's grace period, so late updates still reach their window. */
  static final Duration HORIZON = Duration.ofMinutes(10);

  private final TopicSpec<String, RequestMetric> requestSpec;
  private final TopicSpec<String, ConnectionMetric> tcpSpec;
  private final Clock clock;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Map<String, RequestMetric> requests = new ConcurrentHashMap<>();
  private final Map<String, ConnectionMetric> connections = new ConcurrentHashMap<>();
  private final Thread thread;
  private volatile boolean running = true;

  private TopicMetricSource(String bootstrap, Topics topics, Clock clock) {
    this.requestSpec = topics.telemetryMetrics();
    this.tcpSpec = topics.telemetryTcpMetrics();
    this.clock = clock;
    this.consumer = new KafkaConsumer<>(consumerConfig(bootstrap), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    this.thread = new Thread(this::run, "meshlog-metric-source");
    this.thread.setDaemon(true);
  }

  public static TopicMetricSource start(String bootstrap, Topics topics, Clock clock) {
    TopicMetricSource source = new TopicMetricSource(bootstrap, topics, clock);
    source.thread.start();
    return source;
  }

  @Override
  public MetricWindows recent() {
    Instant cutoff = clock.instant().minus(HORIZON);
    requests.values().removeIf(m -> m.getWindowEnd().isBefore(cutoff));
    connections.values().removeIf(m -> m.getWindowEnd().isBefore(cutoff));
    return new MetricWindows(new ArrayList<>(requests.values()), new ArrayList<>(connections.values()));
  }

  private void run() {
    try {
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : List.of(requestSpec.name(), tcpSpec.name())) {
        partitions.addAll(partitionsOf(topic));
      }
      consumer.assign(partitions);
      seekToHorizon(partitions);
      while (running) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          offer(r);
        }
      }
    } catch (WakeupException e) {
      // close() asked us to stop.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (KafkaException e) {
      log.error("metric source stopped reading {} and {}", requestSpec.name(), tcpSpec.name(), e);
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  /**
   * A topic just created may have no metadata yet (an empty answer, not an error): ask again until
   * it has partitions, or the source is closed.
   */
  private List<TopicPartition> partitionsOf(String topic) throws InterruptedException {
    boolean warned = false;
    while (running) {
      List<TopicPartition> found = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
          .map(p -> new TopicPartition(topic, p.partition()))
          .toList();
      if (!found.isEmpty()) {
        return found;
      }
      if (!warned) {
        log.warn("topic {} has no partitions yet; waiting for it", topic);
        warned = true;
      }
      Thread.sleep(500);
    }
    return List.of();
  }

  private void seekToHorizon(List<TopicPartition> partitions) {
    // Records carry the time of the window's latest request, up to a window before its end.
    long from = clock.instant().minus(HORIZON).minus(Duration.ofMinutes(1)).toEpochMilli();
    Map<TopicPartition, Long> query = new HashMap<>();
    partitions.forEach(p -> query.put(p, from));
    // End offsets first: a record written between the two lookups is then before the end we seek
    // to when no older record matched, never skipped.
    Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
    Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query, Duration.ofSeconds(30));
    for (TopicPartition p : partitions) {
      OffsetAndTimestamp at = found.get(p);
      consumer.seek(p, at == null ? end.get(p) : at.offset());
    }
  }

  private void offer(ConsumerRecord<byte[], byte[]> r) {
    try {
      Instant cutoff = clock.instant().minus(HORIZON);
      boolean isRequest = r.topic().equals(requestSpec.name());
      String key = isRequest ? requestSpec.keySerde().deserializer().deserialize(r.topic(), r.key())
          : tcpSpec.keySerde().deserializer().deserialize(r.topic(), r.key());
      if (isRequest) {
        RequestMetric m = r.value() == null ? null : requestSpec.valueSerde().deserializer().deserialize(r.topic(), r.value());
        keep(requests, key, m, m == null || m.getWindowEnd().isBefore(cutoff));
      } else {
        ConnectionMetric m = r.value() == null ? null : tcpSpec.valueSerde().deserializer().deserialize(r.topic(), r.value());
        keep(connections, key, m, m == null || m.getWindowEnd().isBefore(cutoff));
      }
    } catch (RuntimeException e) {
      log.warn("skipping undecodable metric at {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
    }
  }

  private static <V> void keep(Map<String, V> latest, String key, V value, boolean dropped) {
    if (value == null) {
      latest.remove(key);
    } else if (!dropped) {
      latest.put(key, value);
    }
  }

  private static Map<String, Object> consumerConfig(String bootstrap) {
    Map<String, Object> c = new HashMap<>();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    // The pipeline writes transactionally; uncommitted or aborted aggregates are not facts.
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.put(ConsumerConfig.CLIENT_ID_CONFIG, "meshlog-metrics-endpoint");
    return c;
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
