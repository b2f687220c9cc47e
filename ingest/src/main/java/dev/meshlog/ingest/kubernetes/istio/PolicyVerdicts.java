package dev.meshlog.ingest.kubernetes.istio;

import dev.meshlog.avro.PolicyState;
import dev.meshlog.avro.PolicyStatus;
import dev.meshlog.schemas.TopicSpec;
import dev.meshlog.schemas.Topics;
import dev.meshlog.schemas.deadletter.DeadLetterPublisher;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports the engine's verdict on the commands the sync published, from mesh.policy.status, on its own thread:
 * the sync never waits for it. A rejection is logged with the subject and the engine's errors, and counted.
 * Positioned at the end of the topic before anything is published, so no verdict of ours is missed.
 */
final class PolicyVerdicts implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PolicyVerdicts.class);
  // Commands whose verdict never comes (engine down) must not pile up without bound.
  private static final int MAX_WATCHED = 10_000;

  private final KafkaConsumer<String, PolicyStatus> consumer;
  private final IstioSyncCounters counters;
  private final DeadLetterPublisher deadLetters;
  private final Map<String, String> subjectByCommandId = new ConcurrentHashMap<>();
  private final Thread thread;
  private volatile boolean running = true;

  PolicyVerdicts(String bootstrap, Topics topics, Map<String, Object> overrides, IstioSyncCounters counters,
      DeadLetterPublisher deadLetters) {
    this.counters = counters;
    this.deadLetters = deadLetters;
    TopicSpec<String, PolicyStatus> topic = topics.policyStatus();
    Map<String, Object> config = new HashMap<>(overrides);
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, "meshlog-ingest-istio-verdicts-" + UUID.randomUUID());
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    this.consumer = new KafkaConsumer<>(config, topic.keySerde().deserializer(), topic.valueSerde().deserializer());
    try {
      List<TopicPartition> partitions = consumer.partitionsFor(topic.name(), Duration.ofSeconds(60)).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToEnd(partitions);
      partitions.forEach(consumer::position); // resolve the end now, before the first publish
    } catch (RuntimeException e) {
      consumer.close(Duration.ZERO);
      throw e;
    }
    this.thread = new Thread(this::run, "meshlog-istio-verdicts");
    this.thread.setDaemon(true);
    this.thread.start();
  }

  /** Reports the verdict on this command when it comes. */
  void watch(String commandId, String subject) {
    if (subjectByCommandId.size() < MAX_WATCHED) {
      subjectByCommandId.put(commandId, subject);
    }
  }

  /** Stops watching a command that was not published after all. */
  void forget(String commandId) {
    subjectByCommandId.remove(commandId);
  }

  private void run() {
    try {
      while (running) {
        try {
          for (ConsumerRecord<String, PolicyStatus> record : consumer.poll(Duration.ofMillis(500))) {
            judge(record.value());
          }
        } catch (RecordDeserializationException e) {
          deadLetters.publish(e);
          consumer.seek(e.topicPartition(), e.offset() + 1);
        } catch (SerializationException e) {
          LOG.warn("skipping an undecodable policy status: {}", e.getMessage());
        }
      }
    } catch (WakeupException | InterruptException e) {
      // closing
    } catch (RuntimeException e) {
      LOG.error("stopped reading the engine's verdicts; rejections of Kubernetes objects are no longer logged", e);
    } finally {
      consumer.close(Duration.ZERO);
    }
  }

  private void judge(PolicyStatus status) {
    if (status == null || status.getCommandId() == null) {
      return;
    }
    String subject = subjectByCommandId.remove(status.getCommandId());
    if (subject != null && status.getState() == PolicyState.REJECTED) {
      counters.addRejected();
      LOG.warn("the engine rejected {} from Kubernetes (command {}): {}", subject, status.getCommandId(), status.getErrors());
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
