package dev.meshlog.cli.dashboard;

import dev.meshlog.avro.ClusterEvent;
import dev.meshlog.avro.ProxyStatus;
import dev.meshlog.cli.read.ClusterInventory;
import dev.meshlog.schemas.TopicSpec;
import dev.meshlog.schemas.Topics;
import dev.meshlog.schemas.deadletter.DeadLetterPublisher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tails mesh.proxy.status and mesh.cluster.events (read_committed, no group) from the beginning on a
 * thread of its own and keeps the newest value per key: what {@code proxy-status} reads with two
 * scans per call, which cost over a second each refresh (every scan ends waiting for the broker
 * across the trailing transaction marker). Cluster events are keyed by subject, so the newest event
 * per key folds to the same inventory as the whole log.
 */
final class SyncStateTail implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SyncStateTail.class);

  /** Asked for before the tail has read up to where the topics ended when it started. */
  static final class NotReady extends RuntimeException {
    NotReady(String message) {
      super(message);
    }
  }

  private final TopicSpec<String, ProxyStatus> statusSpec;
  private final TopicSpec<String, ClusterEvent> clusterSpec;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Map<String, ProxyStatus> statuses = new ConcurrentHashMap<>();
  private final Map<String, ClusterEvent> cluster = new ConcurrentHashMap<>();
  private final Thread thread;
  private volatile boolean running = true;
  private volatile boolean caughtUp;
  private volatile String failure = "";
  private final DeadLetterPublisher deadLetters;

  private SyncStateTail(String bootstrap, Topics topics, DeadLetterPublisher deadLetters) {
    this.deadLetters = deadLetters;
    this.statusSpec = topics.proxyStatus();
    this.clusterSpec = topics.clusterEvents();
    this.consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.CLIENT_ID_CONFIG, "meshlog-dashboard-sync-state"), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    this.thread = new Thread(this::run, "meshlog-dashboard-sync-state");
    this.thread.setDaemon(true);
  }

  static SyncStateTail start(String bootstrap, Topics topics, DeadLetterPublisher deadLetters) {
    SyncStateTail tail = new SyncStateTail(bootstrap, topics, deadLetters);
    tail.thread.start();
    return tail;
  }

  /** The newest status per proxy and the registered workloads. */
  Map<String, ProxyStatus> statuses() {
    ready();
    return new TreeMap<>(statuses);
  }

  List<ClusterInventory.Workload> workloads() {
    ready();
    return ClusterInventory.fold(new ArrayList<>(cluster.values())).workloads();
  }

  private void ready() {
    if (!failure.isEmpty()) {
      // Not a 503: answers would never come back without a restart, and stale rows must not pass for current.
      throw new IllegalStateException("the dashboard stopped reading " + statusSpec.name() + ": " + failure);
    }
    if (!caughtUp) {
      throw new NotReady("still reading " + statusSpec.name() + " and " + clusterSpec.name() + "; try again in a moment");
    }
  }

  private void run() {
    try {
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : List.of(statusSpec.name(), clusterSpec.name())) {
        partitions.addAll(partitionsOf(topic));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
      while (running) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          offer(r);
        }
        if (!caughtUp) {
          caughtUp = end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
        }
      }
    } catch (WakeupException e) {
      // close() asked us to stop.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (KafkaException e) {
      failure = e.toString();
      log.error("dashboard stopped reading {} and {}", statusSpec.name(), clusterSpec.name(), e);
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  /** A topic just created may have no metadata yet (an empty answer): ask again until it has partitions. */
  private List<TopicPartition> partitionsOf(String topic) throws InterruptedException {
    while (running) {
      List<TopicPartition> found = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      if (!found.isEmpty()) {
        return found;
      }
      Thread.sleep(500);
    }
    return List.of();
  }

  private void offer(ConsumerRecord<byte[], byte[]> r) {
    try {
      if (r.topic().equals(statusSpec.name())) {
        keep(statuses, statusSpec.keySerde().deserializer().deserialize(r.topic(), r.key()),
            r.value() == null ? null : statusSpec.valueSerde().deserializer().deserialize(r.topic(), r.value()));
      } else {
        keep(cluster, clusterSpec.keySerde().deserializer().deserialize(r.topic(), r.key()),
            r.value() == null ? null : clusterSpec.valueSerde().deserializer().deserialize(r.topic(), r.value()));
      }
    } catch (SerializationException | ClassCastException e) {
      deadLetters.publish(r, e);
    } catch (RuntimeException e) {
      log.warn("skipping an unusable record at {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
    }
  }

  private static <V> void keep(Map<String, V> latest, String key, V value) {
    if (key == null) {
      return;
    }
    if (value == null) {
      latest.remove(key);
    } else {
      latest.put(key, value);
    }
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
