package dev.meshlog.proxy.identity;

import dev.meshlog.avro.WorkloadCertificate;
import dev.meshlog.proxy.feed.OwnPartition;
import dev.meshlog.proxy.identity.wire.CertificateWire;
import dev.meshlog.schemas.TopicSpec;
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
 * Follows the chains the CA publishes for this proxy, on its own thread: like the snapshot
 * consumer, no group, only the partition the proxy id hashes to, from the beginning,
 * read_committed. Chains for other proxies are skipped undecoded; ours are handed on decoded, and
 * the client decides whether they answer its request.
 */
final class CertificateFeed implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(CertificateFeed.class);

  private final KafkaConsumer<String, byte[]> consumer;
  private final TopicSpec<String, WorkloadCertificate> topic;
  private final String proxyId;
  private final Consumer<IssuedCertificate> answers;
  private final Thread thread;
  private volatile boolean running = true;

  CertificateFeed(String bootstrap, TopicSpec<String, WorkloadCertificate> topic, String proxyId,
      Consumer<IssuedCertificate> answers) {
    this.topic = topic;
    this.proxyId = proxyId;
    this.answers = answers;
    this.consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.CLIENT_ID_CONFIG, "meshlog-certificates-" + proxyId,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
        new StringDeserializer(), new ByteArrayDeserializer());
    this.thread = new Thread(this::run, "meshlog-certificates-" + proxyId);
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  private void run() {
    try {
      TopicPartition partition = OwnPartition.await(consumer, topic.name(), proxyId, () -> running);
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      log.info("[proxy={}] following certificates on {}", proxyId, partition);
      while (running) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          if (proxyId.equals(record.key()) && record.value() != null) {
            handle(record);
          }
        }
      }
    } catch (WakeupException e) {
      if (running) {
        log.error("[proxy={}] certificate consumer woken unexpectedly", proxyId, e);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      log.error("[proxy={}] certificate consumer stopped; the installed certificate stays until it expires",
          proxyId, e);
    } finally {
      consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
    }
  }

  /** A bad record must not stop the proxy from taking a later good one. */
  private void handle(ConsumerRecord<String, byte[]> record) {
    IssuedCertificate answer;
    try {
      answer = CertificateWire.toDomain(record.key(),
          topic.valueSerde().deserializer().deserialize(record.topic(), record.value()));
    } catch (RuntimeException e) {
      log.warn("[proxy={}] unusable certificate record at {}-{}@{}: {}", proxyId, record.topic(), record.partition(),
          record.offset(), e.getMessage());
      return;
    }
    answers.accept(answer);
  }


  @Override
  public void close() {
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
