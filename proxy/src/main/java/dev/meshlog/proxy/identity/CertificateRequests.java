package dev.meshlog.proxy.identity;

import dev.meshlog.schemas.KafkaClientSettings;
import dev.meshlog.avro.CertificateRequest;
import dev.meshlog.schemas.TopicSpec;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Publishes this proxy's certificate requests on the CA requests topic, keyed by proxy id. */
final class CertificateRequests implements AutoCloseable {

  private final KafkaProducer<String, CertificateRequest> producer;
  private final String topic;

  CertificateRequests(String bootstrap, KafkaClientSettings client, TopicSpec<String, CertificateRequest> topic, String proxyId) {
    this.topic = topic.name();
    this.producer = new KafkaProducer<>(client.over(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ProducerConfig.CLIENT_ID_CONFIG, "meshlog-csr-" + proxyId,
        ProducerConfig.ACKS_CONFIG, "all",
        // Never block the client's thread for long: a request that cannot be sent is retried later.
        ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000,
        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 20_000,
        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000)),
        topic.keySerde().serializer(), topic.valueSerde().serializer());
  }

  /** Sends asynchronously; {@code onFailure} runs on the producer's thread if the broker never takes it. */
  void send(String proxyId, CertificateRequest request, Consumer<Exception> onFailure) {
    try {
      producer.send(new ProducerRecord<>(topic, proxyId, request), (metadata, error) -> {
        if (error != null) {
          onFailure.accept(error);
        }
      });
    } catch (RuntimeException e) {
      onFailure.accept(e);
    }
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
