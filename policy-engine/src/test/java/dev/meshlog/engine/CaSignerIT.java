package dev.meshlog.engine;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.avro.CaOutcome;
import dev.meshlog.avro.CertificateAudit;
import dev.meshlog.avro.CertificateRequest;
import dev.meshlog.avro.CredentialKind;
import dev.meshlog.avro.WorkloadCertificate;
import dev.meshlog.engine.ca.CaSettings;
import dev.meshlog.engine.ca.SpiffeId;
import dev.meshlog.engine.ca.signer.BootstrapTokenIssuer;
import dev.meshlog.engine.ca.signer.CaConfig;
import dev.meshlog.engine.ca.signer.RefusalReason;
import dev.meshlog.engine.ca.signer.Workload;
import dev.meshlog.kafka.local.KafkaBroker;
import dev.meshlog.schemas.TopicAdmin;
import dev.meshlog.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mesh CA signer on a real broker: a token buys one certificate, and the redemption survives
 * a restart of the signer, so the same token replayed afterwards is refused; an undecodable
 * request goes to the dead-letter topic.
 */
@ExtendWith(KafkaBroker.class)
class CaSignerIT {

  private static final Duration PATIENCE = Duration.ofSeconds(120);
  private static final String REVIEWS = "spiffe://cluster.local/ns/bookinfo/sa/reviews";

  @TempDir
  Path stateDir;
  @TempDir
  Path caDir;

  @Test
  void shouldIssueOnceAndRefuseTheReplayedTokenAfterARestart() throws Exception {
    String bootstrap = KafkaBroker.bootstrapServers();
    String name = KafkaBroker.uniqueName("ca-signer");
    Topics topics = Topics.withPrefix(name + ".");
    TopicAdmin.ensureTopics(bootstrap, topics.all(), 1, (short) 1);
    CaConfig ca = CaConfig.ownCa(CaSettings.defaults(caDir, "cluster.local"), "s3cret".toCharArray());
    EngineConfig config = EngineConfig.defaults(bootstrap, topics, stateDir).withApplicationIdPrefix(name).withCa(ca);
    // Issued offline, before the engine ever ran: the CLI's path (it creates the token key).
    String token = BootstrapTokenIssuer.forCa(ca).issue(SpiffeId.parse(REVIEWS), Duration.ofHours(1));
    Workload workload = new Workload("reviews-v1-abc");

    try (var certificates = new TopicReader<>(bootstrap, topics.caCertificates());
         var audits = new TopicReader<>(bootstrap, topics.caAudit())) {
      try (PolicyEngine engine = PolicyEngine.start(config)) {
        engine.awaitRunning(PATIENCE);
        send(bootstrap, topics, workload.request(REVIEWS, workload.csr(REVIEWS), CredentialKind.BOOTSTRAP_TOKEN, token));

        await().atMost(PATIENCE).untilAsserted(() -> assertEquals(1, certificates.poll().size()));
        ConsumerRecord<String, WorkloadCertificate> issued = certificates.poll().get(0);
        assertEquals("reviews-v1-abc", issued.key());
        assertEquals(REVIEWS, issued.value().getIdentity());
        await().atMost(PATIENCE).untilAsserted(() -> assertEquals(1, audits.poll().size()));
        CertificateAudit audit = audits.poll().get(0).value();
        assertEquals(CaOutcome.ISSUED, audit.getOutcome());
        assertEquals(topics.caRequests().name(), audit.getRequestTopic());
        assertEquals(0L, audit.getRequestOffset());
        assertEquals(1, engine.caMetrics().orElseThrow().issued());

        // Anyone can write requests: an undecodable one is kept on the dead-letter topic, not fatal.
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
            new ByteArraySerializer(), new ByteArraySerializer());
             var deadLetters = new TopicReader<>(bootstrap, topics.deadLetter())) {
          producer.send(new ProducerRecord<>(topics.caRequests().name(), "x".getBytes(StandardCharsets.UTF_8),
              "not avro".getBytes(StandardCharsets.UTF_8))).get();
          await().atMost(PATIENCE).untilAsserted(() -> assertEquals(1, deadLetters.poll().size()));
        }
      }

      try (PolicyEngine restarted = PolicyEngine.start(config)) {
        restarted.awaitRunning(PATIENCE);
        Workload replayer = new Workload("reviews-v1-xyz");
        send(bootstrap, topics, replayer.request(REVIEWS, replayer.csr(REVIEWS), CredentialKind.BOOTSTRAP_TOKEN, token));

        await().atMost(PATIENCE).untilAsserted(() -> assertEquals(2, audits.poll().size()));
        CertificateAudit replay = audits.poll().get(1).value();
        assertEquals(CaOutcome.REFUSED, replay.getOutcome());
        assertTrue(replay.getReason().startsWith("REPLAYED: "), replay.getReason());
        assertEquals(2L, replay.getRequestOffset(), "after the issued request and the undecodable one");
        assertEquals(1, restarted.caMetrics().orElseThrow().refused(RefusalReason.REPLAYED));
        assertEquals(1, certificates.poll().size(), "no second certificate");
      }
    }
  }

  private static void send(String bootstrap, Topics topics, CertificateRequest request) throws Exception {
    TopicWriter.send(bootstrap, topics.caRequests(), List.of(request), CertificateRequest::getProxyId);
  }
}
