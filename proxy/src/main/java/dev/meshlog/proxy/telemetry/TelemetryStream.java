package dev.meshlog.proxy.telemetry;

import dev.meshlog.schemas.TopicSpec;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One topic's telemetry: event loops {@link #offer} domain records to a bounded queue (full:
 * dropped and counted, never waited on); the queue's thread turns them into Avro, serializes and
 * hands them to the shared producer, which batches and compresses. A send the producer refuses
 * (buffer exhausted, broker unknown past max.block.ms) drops the record and counts it too.
 */
final class TelemetryStream<T, V> implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(TelemetryStream.class);

  private final Producer<String, byte[]> producer;
  private final String topic;
  private final String key;
  private final Serializer<V> serializer;
  private final Function<T, V> toWire;
  private final OutcomeQueue<T> queue;
  private final TelemetryCounters counters;
  private static final Duration METADATA_PATIENCE = Duration.ofSeconds(30);
  /** The topic's metadata was fetched (or given up on); only the queue's thread reads and writes it. */
  private boolean ready;
  /** Set by close(): a sender still waiting for metadata gives up at once. */
  private volatile boolean closing;
  private boolean warnedRefused;

  /** @param key the record key of every record (the reporting proxy id, as the contract says) */
  TelemetryStream(String stream, Producer<String, byte[]> producer, TopicSpec<String, V> topic, String key,
      Function<T, V> toWire, int capacity) {
    this.producer = producer;
    this.topic = topic.name();
    this.key = key;
    this.serializer = topic.valueSerde().serializer();
    this.toWire = toWire;
    this.queue = new OutcomeQueue<>("meshlog-telemetry-" + stream + "-" + key, capacity, this::send);
    this.counters = new TelemetryCounters(stream, queue::size);
  }

  /** Never blocks: a full queue drops the record and counts it. */
  void offer(T record) {
    if (!queue.offer(record)) {
      counters.dropped.increment();
    }
  }

  TelemetryCounters counters() {
    return counters;
  }

  private void send(List<T> batch) {
    if (!ready) {
      ready = awaitMetadata();
    }
    for (T record : batch) {
      try {
        byte[] value = serializer.serialize(topic, toWire.apply(record));
        producer.send(new ProducerRecord<>(topic, key, value), (metadata, error) -> {
          if (error == null) {
            counters.sent.increment();
          } else {
            counters.failed.increment();
            if (counters.failed() == 1) {
              log.warn("[proxy={}] telemetry to {} not delivered (counted as failed): {}", key, topic, error.toString());
            }
          }
        });
      } catch (RuntimeException e) {
        // BufferExhaustedException, or a TimeoutException while the broker is unknown: drop, do not wait.
        counters.dropped.increment();
        if (!warnedRefused) {
          warnedRefused = true;
          log.warn("[proxy={}] telemetry to {} refused by the producer, records are dropped: {}", key, topic, e.toString());
        }
      }
    }
  }

  /**
   * Sends wait at most max.block.ms (a tenth of a second) for the topic's metadata, which the first
   * one must fetch: on a busy machine that would drop the first records of every stream. So the
   * sender asks for it once, patiently, before its first send; the queue buffers meanwhile (and
   * drops when full), so requests never wait on it.
   */
  private boolean awaitMetadata() {
    long deadline = System.nanoTime() + METADATA_PATIENCE.toNanos();
    while (!closing && System.nanoTime() < deadline) {
      try {
        producer.partitionsFor(topic);
        return true;
      } catch (RuntimeException e) {
        log.debug("[proxy={}] no metadata for {} yet: {}", key, topic, e.toString());
      }
    }
    log.warn("[proxy={}] no metadata for {} after {}; sending anyway, records may be dropped", key, topic, METADATA_PATIENCE);
    return true;
  }

  /** Hands what is queued to the producer, waiting up to {@code timeout}. */
  void close(Duration timeout) {
    closing = true;
    queue.close(timeout);
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(5));
  }
}
