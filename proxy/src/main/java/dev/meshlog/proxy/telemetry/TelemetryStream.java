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
    for (T record : batch) {
      try {
        byte[] value = serializer.serialize(topic, toWire.apply(record));
        producer.send(new ProducerRecord<>(topic, key, value), (metadata, error) -> {
          if (error == null) {
            counters.sent.increment();
          } else {
            counters.failed.increment();
          }
        });
      } catch (RuntimeException e) {
        // BufferExhaustedException, or a TimeoutException while the broker is unknown: drop, do not wait.
        counters.dropped.increment();
        if (counters.dropped() == 1) {
          log.warn("[proxy={}] telemetry to {} refused by the producer, records are dropped: {}", key, topic, e.toString());
        }
      }
    }
  }

  /** Hands what is queued to the producer, waiting up to {@code timeout}. */
  void close(Duration timeout) {
    queue.close(timeout);
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(5));
  }
}
