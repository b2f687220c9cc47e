package dev.meshlog.proxy.identity;

import dev.meshlog.schemas.KafkaClientSettings;
import dev.meshlog.avro.WorkloadCertificate;
import dev.meshlog.proxy.feed.OwnKeyFeed;
import dev.meshlog.proxy.identity.wire.CertificateWire;
import dev.meshlog.schemas.TopicSpec;
import dev.meshlog.schemas.deadletter.DeadLetterPublisher;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
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

  private final TopicSpec<String, WorkloadCertificate> topic;
  private final String proxyId;
  private final Consumer<IssuedCertificate> answers;
  private final OwnKeyFeed feed;
  private final DeadLetterPublisher deadLetters;

  CertificateFeed(String bootstrap, KafkaClientSettings client, TopicSpec<String, WorkloadCertificate> topic, String proxyId,
      Consumer<IssuedCertificate> answers, DeadLetterPublisher deadLetters) {
    this.topic = topic;
    this.deadLetters = deadLetters;
    this.proxyId = proxyId;
    this.answers = answers;
    // Every chain of ours: the client picks the one that answers its pending key.
    this.feed = new OwnKeyFeed(bootstrap, client, topic.name(), proxyId, "certificates", OwnKeyFeed.Start.EVERY_RECORD, this::handle);
  }

  void start() {
    feed.start();
  }

  /** A bad record must not stop the proxy from taking a later good one. */
  private void handle(ConsumerRecord<String, byte[]> record) {
    if (record.value() == null) {
      return; // a tombstone: nothing issued
    }
    WorkloadCertificate wire;
    try {
      wire = topic.valueSerde().deserializer().deserialize(record.topic(), record.value());
    } catch (SerializationException e) {
      deadLetters.publish(record, record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8), record.value(), e);
      return;
    }
    IssuedCertificate answer;
    try {
      answer = CertificateWire.toDomain(record.key(), wire);
    } catch (RuntimeException e) {
      log.warn("[proxy={}] unusable certificate record at {}-{}@{}: {}", proxyId, record.topic(), record.partition(),
          record.offset(), e.getMessage());
      return;
    }
    answers.accept(answer);
  }


  @Override
  public void close() {
    feed.close();
  }
}
