package dev.meshlog.schemas.deadletter;

import dev.meshlog.schemas.TopicSpec;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a plain consumer (not Streams) does with a record it cannot decode: logs it with topic/partition/offset, writes
 * it to the dead-letter topic in {@link DeadLetter}'s format, counts it, and lets the caller go on with the next one.
 * Never throws: a dead-letter topic that cannot be written must not stop the reader either (the record is still
 * logged and counted). The producer is made on the first bad record, so a healthy reader never opens one.
 */
public final class DeadLetterPublisher implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(DeadLetterPublisher.class);
  private static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);

  private final Map<String, Object> producerConfig;
  private final String topic;
  private final DeadLetterCounts counts;
  private KafkaProducer<byte[], byte[]> producer;
  private boolean closed;

  /** @param overrides producer settings for this cluster (security), applied under ours */
  public DeadLetterPublisher(String bootstrap, Map<String, Object> overrides, TopicSpec<byte[], byte[]> deadLetter, DeadLetterCounts counts) {
    this.producerConfig = new HashMap<>(overrides);
    producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
    producerConfig.put(ProducerConfig.CLIENT_ID_CONFIG, "meshlog-deadletter-" + counts.job());
    // send() may wait for metadata; on a reader's thread (a proxy's feed) that wait is bounded like the send itself
    producerConfig.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, SEND_TIMEOUT.toMillis());
    this.topic = deadLetter.name();
    this.counts = Objects.requireNonNull(counts, "counts");
  }

  public DeadLetterCounts counts() {
    return counts;
  }

  /** A record read as raw bytes. */
  public void publish(ConsumerRecord<byte[], byte[]> source, Exception error) {
    publish(source, source.key(), source.value(), error);
  }

  /**
   * A record a typed consumer's {@code poll} could not decode: Kafka's exception carries its position and wire bytes.
   * The caller still seeks past it ({@code offset() + 1}).
   */
  public void publish(RecordDeserializationException error) {
    ConsumerRecord<byte[], byte[]> raw = new ConsumerRecord<>(error.topicPartition().topic(), error.topicPartition().partition(),
        error.offset(), error.timestamp(), error.timestampType(), -1, -1, bytes(error.keyBuffer()), bytes(error.valueBuffer()),
        error.headers() == null ? new RecordHeaders() : error.headers(), Optional.empty());
    publish(raw, error);
  }

  private static byte[] bytes(ByteBuffer buffer) {
    if (buffer == null) {
      return null;
    }
    byte[] copy = new byte[buffer.remaining()];
    buffer.duplicate().get(copy);
    return copy;
  }

  /** A record whose key or value the consumer already turned into objects; {@code rawKey}/{@code rawValue} are the wire bytes. */
  public void publish(ConsumerRecord<?, ?> source, byte[] rawKey, byte[] rawValue, Exception error) {
    log.warn("[job={}] undecodable record at {}-{}@{} goes to {}: {}", counts.job(), source.topic(), source.partition(),
        source.offset(), topic, error.toString());
    counts.count(source.topic());
    try {
      producer().send(DeadLetter.of(topic, source, rawKey, rawValue, error)).get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      log.warn("[job={}] interrupted writing the dead letter of {}-{}@{}", counts.job(), source.topic(), source.partition(), source.offset());
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      log.error("[job={}] could not write the dead letter of {}-{}@{} to {}; the record is skipped anyway", counts.job(),
          source.topic(), source.partition(), source.offset(), topic, e);
    }
  }

  private synchronized KafkaProducer<byte[], byte[]> producer() {
    if (closed) {
      throw new IllegalStateException("dead-letter publisher closed");
    }
    if (producer == null) {
      producer = new KafkaProducer<>(producerConfig, new ByteArraySerializer(), new ByteArraySerializer());
    }
    return producer;
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (producer != null) {
      producer.close(Duration.ofSeconds(5));
    }
  }
}
