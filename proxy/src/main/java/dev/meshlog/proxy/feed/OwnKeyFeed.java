package dev.meshlog.proxy.feed;

import dev.meshlog.schemas.KafkaClientSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows one key of a topic keyed by proxy id (this proxy's snapshots, its certificates) on its own
 * thread: no group, only {@link OwnPartition}, from the beginning, read_committed. Values stay bytes
 * until the key is known to be ours: an undecodable record for another proxy is none of our
 * business. One bad record never stops the feed.
 */
public final class OwnKeyFeed implements AutoCloseable {

  /** Where following starts. */
  public enum Start {
    /** Every record of ours, oldest first. */
    EVERY_RECORD,
    /**
     * Only the newest of ours up to the current end, then each new one: after a restart, replaying
     * each stale version would report versions the proxy never really runs.
     */
    NEWEST_THEN_EACH
  }

  private static final Logger log = LoggerFactory.getLogger(OwnKeyFeed.class);

  private final KafkaConsumer<String, byte[]> consumer;
  private final String topic;
  private final String key;
  private final String what;
  private final Start start;
  private final Consumer<ConsumerRecord<String, byte[]>> handler;
  private final Thread thread;
  private volatile boolean running = true;

  /**
   * @param what what the records are, for thread names and log lines ("snapshots", "certificates")
   * @param handler gets each record of ours on the feed's thread, tombstones included
   */
  public OwnKeyFeed(String bootstrap, String topic, String key, String what, Start start,
      Consumer<ConsumerRecord<String, byte[]>> handler) {
    this(bootstrap, KafkaClientSettings.NONE, topic, key, what, start, handler);
  }

  /** @param client the cluster's connection and security settings (the proxy's own login) */
  public OwnKeyFeed(String bootstrap, KafkaClientSettings client, String topic, String key, String what, Start start,
      Consumer<ConsumerRecord<String, byte[]>> handler) {
    this.topic = topic;
    this.key = key;
    this.what = what;
    this.start = start;
    this.handler = handler;
    this.consumer = new KafkaConsumer<>(client.over(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.CLIENT_ID_CONFIG, "meshlog-" + what + "-" + key,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        // Every proxy's records share the topic: bound what one fetch may hold in the sidecar's
        // small heap (the default is 50 MB) while still taking the largest record a broker accepts.
        ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 4 * 1024 * 1024)),
        new StringDeserializer(), new ByteArrayDeserializer());
    this.thread = new Thread(this::run, "meshlog-" + what + "-" + key);
    this.thread.setDaemon(true);
  }

  public synchronized void start() {
    thread.start();
  }

  private void run() {
    try {
      TopicPartition partition = OwnPartition.await(consumer, topic, key, () -> running);
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      log.info("[proxy={}] following {} on {}", key, what, partition);
      if (start == Start.NEWEST_THEN_EACH) {
        catchUp(partition);
      }
      while (running) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          if (key.equals(record.key())) {
            handleSafely(record);
          }
        }
      }
    } catch (WakeupException e) {
      if (running) {
        log.error("[proxy={}] {} consumer woken unexpectedly", key, what, e);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      log.error("[proxy={}] {} consumer stopped; what was last applied stays", key, what, e);
    } finally {
      consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
    }
  }

  private void catchUp(TopicPartition partition) {
    long end = consumer.endOffsets(List.of(partition)).get(partition);
    ConsumerRecord<String, byte[]> newest = null;
    while (running && consumer.position(partition) < end) {
      for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
        if (key.equals(record.key())) {
          newest = record;
        }
      }
    }
    if (newest != null) {
      handleSafely(newest);
    }
  }

  private void handleSafely(ConsumerRecord<String, byte[]> record) {
    try {
      handler.accept(record);
    } catch (WakeupException e) {
      throw e;
    } catch (RuntimeException e) {
      log.error("[proxy={}] failed to handle {} at {}-{}@{}", key, what, record.topic(), record.partition(),
          record.offset(), e);
    }
  }

  /** Stops following and waits for the thread to end. */
  @Override
  public synchronized void close() {
    running = false;
    if (thread.getState() == Thread.State.NEW) {
      consumer.close(CloseOptions.timeout(Duration.ZERO));
      return;
    }
    consumer.wakeup();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
