package dev.meshlog.cli.faults.controlplane;

import dev.meshlog.avro.PolicyCommand;
import dev.meshlog.schemas.TopicSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Sends policy commands the way a publisher that cares would: one idempotent producer, acks=all, Kafka's own retries
 * for two minutes (delivery.timeout.ms), no send repeated by hand. Records, per command, whether the broker
 * acknowledged it or the send failed; a failed send may still have landed (its ack was lost), which the audit
 * accounts for separately.
 */
public final class BurstPublisher implements AutoCloseable {

  private final KafkaProducer<String, PolicyCommand> producer;
  private final TopicSpec<String, PolicyCommand> topic;
  private final List<PolicyCommand> sent = new ArrayList<>();
  private final Map<String, Boolean> outcome = new ConcurrentHashMap<>();
  private final Map<String, String> errors = new ConcurrentHashMap<>();
  private volatile Thread burst;

  public BurstPublisher(String bootstrap, TopicSpec<String, PolicyCommand> topic) {
    this.topic = topic;
    this.producer = new KafkaProducer<>(Map.<String, Object>of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ProducerConfig.CLIENT_ID_CONFIG, "fault-burst",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5,
        ProducerConfig.LINGER_MS_CONFIG, 5,
        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000),
        topic.keySerde().serializer(), topic.valueSerde().serializer());
  }

  /** Sends {@code commands} and waits for every answer (for the setup before a fault). */
  public void sendAndFlush(List<PolicyCommand> commands) {
    commands.forEach(this::send);
    producer.flush();
  }

  /**
   * Starts sending {@code commands} on a thread, {@code pause} apart: a paced burst is still being sent and folded
   * when the fault strikes, instead of being over in a few milliseconds.
   */
  public synchronized void startBurst(List<PolicyCommand> commands, Duration pause) {
    burst = new Thread(() -> {
      for (PolicyCommand command : commands) {
        send(command);
        try {
          // pacing the workload, not waiting for a condition
          TimeUnit.MILLISECONDS.sleep(pause.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      producer.flush();
    }, "fault-burst");
    burst.start();
  }

  private void send(PolicyCommand command) {
    String id = command.getEnvelope().getId();
    synchronized (sent) {
      sent.add(command);
    }
    producer.send(new ProducerRecord<>(topic.name(), command.getEnvelope().getSubject(), command), (metadata, error) -> {
      if (error != null) {
        errors.put(id, error.toString());
      }
      outcome.put(id, error == null);
    });
  }

  /** True once the burst thread sent everything and every send was answered. */
  public boolean burstDone() {
    Thread t = burst;
    return t != null && !t.isAlive() && answered() == sentCount();
  }

  public int sentCount() {
    synchronized (sent) {
      return sent.size();
    }
  }

  public int answered() {
    return outcome.size();
  }

  /** Commands the broker acknowledged so far. */
  public int ackedCount() {
    return (int) outcome.values().stream().filter(ok -> ok).count();
  }

  /** Every command sent, in send order. */
  public List<PolicyCommand> sent() {
    synchronized (sent) {
      return List.copyOf(sent);
    }
  }

  /** Ids of the acknowledged commands. */
  public Set<String> acked() {
    return outcome.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey).collect(java.util.stream.Collectors.toSet());
  }

  /** Failed sends: command id to the error the producer reported. */
  public Map<String, String> failed() {
    return new TreeMap<>(errors);
  }

  @Override
  public void close() throws InterruptedException {
    Thread t = burst;
    if (t != null) {
      t.interrupt();
      t.join(10_000);
    }
    producer.close(Duration.ofSeconds(5));
  }
}
