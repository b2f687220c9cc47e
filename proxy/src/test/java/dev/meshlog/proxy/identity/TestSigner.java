package dev.meshlog.proxy.identity;

import dev.meshlog.avro.CertificateRequest;
import dev.meshlog.avro.Envelope;
import dev.meshlog.avro.Source;
import dev.meshlog.avro.WorkloadCertificate;
import dev.meshlog.schemas.Topics;
import java.io.StringReader;
import java.net.URI;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * The test plays the mesh CA's signer: it reads every certificate request and publishes whatever
 * chains its policy decides, keyed as it decides. The real signer lives in the engine, which the
 * proxy must not depend on.
 */
public final class TestSigner implements AutoCloseable {

  /** What to publish for the {@code index}-th request (0-based); empty publishes nothing. */
  @FunctionalInterface
  public interface Policy {
    List<Answer> answer(int index, CertificateRequest request, PublicKey csrKey);
  }

  /** A chain published under {@code proxyId}. */
  public record Answer(String proxyId, List<X509Certificate> chain) {}

  private final KafkaConsumer<String, CertificateRequest> consumer;
  private final KafkaProducer<String, WorkloadCertificate> producer;
  private final Topics topics;
  private final Policy policy;
  private final List<CertificateRequest> requests = new CopyOnWriteArrayList<>();
  private final Thread thread;
  private volatile boolean running = true;

  private TestSigner(String bootstrap, Topics topics, Policy policy) {
    this.topics = topics;
    this.policy = policy;
    consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
        topics.caRequests().keySerde().deserializer(), topics.caRequests().valueSerde().deserializer());
    producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
        topics.caCertificates().keySerde().serializer(), topics.caCertificates().valueSerde().serializer());
    List<TopicPartition> partitions = consumer.partitionsFor(topics.caRequests().name(), Duration.ofSeconds(30)).stream()
        .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    thread = new Thread(this::run, "test-signer");
    thread.setDaemon(true);
  }

  public static TestSigner start(String bootstrap, Topics topics, Policy policy) {
    TestSigner signer = new TestSigner(bootstrap, topics, policy);
    signer.thread.start();
    return signer;
  }

  /** Issues every request for the key and identity it asks for, valid {@code ttl} from now. */
  public static Policy issuing(TestCa ca, Duration ttl) {
    return (index, request, key) -> List.of(
        new Answer(request.getProxyId().toString(), ca.issue(key, URI.create(request.getIdentity().toString()), ttl)));
  }

  public List<CertificateRequest> requests() {
    return List.copyOf(requests);
  }

  public static PKCS10CertificationRequest csr(CertificateRequest request) {
    try (PEMParser parser = new PEMParser(new StringReader(request.getCsrPem().toString()))) {
      return (PKCS10CertificationRequest) parser.readObject();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public static PublicKey csrKey(CertificateRequest request) {
    try {
      return new JcaPEMKeyConverter().getPublicKey(csr(request).getSubjectPublicKeyInfo());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private void run() {
    try {
      while (running) {
        for (ConsumerRecord<String, CertificateRequest> record : consumer.poll(Duration.ofMillis(200))) {
          CertificateRequest request = record.value();
          int index = requests.size();
          requests.add(request);
          for (Answer answer : policy.answer(index, request, csrKey(request))) {
            producer.send(new ProducerRecord<>(topics.caCertificates().name(), answer.proxyId(),
                certificate(answer, request))).get();
          }
        }
      }
    } catch (WakeupException e) {
      // closing
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      throw new IllegalStateException("test signer failed", e);
    }
  }

  private static WorkloadCertificate certificate(Answer answer, CertificateRequest request) {
    X509Certificate leaf = answer.chain().get(0);
    List<String> pems = new ArrayList<>();
    for (X509Certificate certificate : answer.chain()) {
      pems.add(RenewalCredential.pem(List.of(certificate)));
    }
    return WorkloadCertificate.newBuilder()
        .setEnvelope(Envelope.newBuilder().setId(UUID.randomUUID().toString()).setType("CertificateIssued")
            .setSubject(answer.proxyId()).setActor("test-signer").setSource(Source.ENGINE).setTime(Instant.now())
            .setCausationId(request.getEnvelope().getId()).build())
        .setProxyId(answer.proxyId())
        .setIdentity(request.getIdentity())
        .setChainPem(pems)
        .setSerial(leaf.getSerialNumber().toString(16))
        .setNotBefore(leaf.getNotBefore().toInstant())
        .setNotAfter(leaf.getNotAfter().toInstant())
        .build();
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    consumer.wakeup();
    thread.join(10_000);
    consumer.close(CloseOptions.timeout(Duration.ofSeconds(2)));
    producer.close(Duration.ofSeconds(2));
  }
}
