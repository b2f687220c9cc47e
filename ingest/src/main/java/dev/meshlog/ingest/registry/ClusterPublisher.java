package dev.meshlog.ingest.registry;

import dev.meshlog.avro.ClusterEvent;
import dev.meshlog.schemas.TopicSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes cluster events keyed by subject with an idempotent producer (acks=all): the broker drops the
 * producer's own retried duplicates. A batch returns only when every event is acknowledged. A send that
 * fails even after the producer's retries (delivery timeout) is sent again, a bounded number of times,
 * and then reported by an exception: an event is never dropped silently. Each batch holds at most one
 * event per key, so resending one does not reorder a key's history.
 */
public final class ClusterPublisher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ClusterPublisher.class);
  private static final int ATTEMPTS = 3;

  private final Producer<String, ClusterEvent> producer;
  private final String topic;

  public ClusterPublisher(Producer<String, ClusterEvent> producer, String topic) {
    this.producer = producer;
    this.topic = topic;
  }

  public static ClusterPublisher create(String bootstrap, TopicSpec<String, ClusterEvent> topic, String clientId, Map<String, Object> overrides) {
    Map<String, Object> config = new HashMap<>(overrides);
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    return new ClusterPublisher(new KafkaProducer<>(config, topic.keySerde().serializer(), topic.valueSerde().serializer()), topic.name());
  }

  /**
   * Sends every event (one per key), flushes, and returns once all are acknowledged; each event is handed to
   * {@code acknowledged} as soon as it is known written, so a caller's bookkeeping stays right when a later one fails.
   */
  public void publish(List<ClusterEvent> events, Consumer<ClusterEvent> acknowledged) {
    List<ClusterEvent> pending = events;
    for (int attempt = 1; !pending.isEmpty(); attempt++) {
      List<Future<RecordMetadata>> sent = new ArrayList<>(pending.size());
      for (ClusterEvent event : pending) {
        sent.add(producer.send(new ProducerRecord<>(topic, event.getEnvelope().getSubject(), event)));
      }
      producer.flush();
      List<ClusterEvent> failed = new ArrayList<>();
      Throwable lastFailure = null;
      for (int i = 0; i < pending.size(); i++) {
        try {
          sent.get(i).get();
          acknowledged.accept(pending.get(i));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted waiting for the acknowledgement of " + pending.get(i).getEnvelope().getSubject(), e);
        } catch (ExecutionException e) {
          failed.add(pending.get(i));
          lastFailure = e.getCause();
        }
      }
      if (!failed.isEmpty()) {
        if (attempt >= ATTEMPTS) {
          throw new IllegalStateException(failed.size() + " cluster events not written to " + topic + " after " + ATTEMPTS
              + " attempts, first " + failed.get(0).getEnvelope().getSubject() + ": " + lastFailure, lastFailure);
        }
        LOG.warn("{} cluster events not acknowledged by {} (attempt {} of {}), sending them again: {}",
            failed.size(), topic, attempt, ATTEMPTS, String.valueOf(lastFailure));
      }
      pending = failed;
    }
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(10));
  }
}
