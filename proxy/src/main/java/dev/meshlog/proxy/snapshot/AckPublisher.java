package dev.meshlog.proxy.snapshot;

import dev.meshlog.schemas.KafkaClientSettings;
import dev.meshlog.avro.AckStatus;
import dev.meshlog.avro.ProxyAck;
import dev.meshlog.schemas.TopicSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Answers snapshots xDS-style on the acks topic, keyed by proxy id: ACK, or NACK with the error. */
public final class AckPublisher implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(AckPublisher.class);

  private final Producer<String, ProxyAck> producer;
  private final String topic;
  private final String proxyId;
  private final Clock clock;

  public AckPublisher(Producer<String, ProxyAck> producer, String topic, String proxyId, Clock clock) {
    this.producer = producer;
    this.topic = topic;
    this.proxyId = proxyId;
    this.clock = clock;
  }

  public static AckPublisher create(String bootstrap, TopicSpec<String, ProxyAck> topic, String proxyId) {
    return create(bootstrap, KafkaClientSettings.NONE, topic, proxyId);
  }

  /** @param client the cluster's connection and security settings (the proxy's own login) */
  public static AckPublisher create(String bootstrap, KafkaClientSettings client, TopicSpec<String, ProxyAck> topic, String proxyId) {
    Map<String, Object> config = client.over(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ProducerConfig.CLIENT_ID_CONFIG, "meshlog-acks-" + proxyId,
        ProducerConfig.LINGER_MS_CONFIG, 0));
    return new AckPublisher(new KafkaProducer<>(config, topic.keySerde().serializer(), topic.valueSerde().serializer()),
        topic.name(), proxyId, Clock.systemUTC());
  }

  public void ack(long version, String nonce) {
    publish(version, nonce, AckStatus.ACK, null);
  }

  public void nack(long version, String nonce, String detail) {
    publish(version, nonce, AckStatus.NACK, detail);
  }

  private void publish(long version, String nonce, AckStatus status, String detail) {
    ProxyAck ack = ProxyAck.newBuilder()
        .setProxyId(proxyId)
        .setVersion(version)
        .setNonce(nonce)
        .setStatus(status)
        .setErrorDetail(detail)
        .setTime(clock.instant())
        .build();
    producer.send(new ProducerRecord<>(topic, proxyId, ack), (metadata, error) -> {
      if (error != null) {
        log.warn("[proxy={}] cannot publish {} of version {}: {}", proxyId, status, version, error.toString());
      }
    });
    producer.flush();
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
