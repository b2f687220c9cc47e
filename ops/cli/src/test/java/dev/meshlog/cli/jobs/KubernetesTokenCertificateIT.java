package dev.meshlog.cli.jobs;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.avro.CaOutcome;
import dev.meshlog.avro.CertificateAudit;
import dev.meshlog.cli.ca.LocalCa;
import dev.meshlog.engine.PolicyEngine;
import dev.meshlog.engine.ca.signer.CaConfig;
import dev.meshlog.engine.ca.signer.TokenReviewVerifier;
import dev.meshlog.kafka.local.KafkaBroker;
import dev.meshlog.proxy.Sidecar;
import dev.meshlog.proxy.SidecarConfig;
import dev.meshlog.proxy.SidecarTuning;
import dev.meshlog.proxy.identity.WorkloadIdentityConfig;
import dev.meshlog.schemas.TopicAdmin;
import dev.meshlog.schemas.Topics;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sidecar's first certificate proven with its pod's service-account token: the proxy sends it as KUBERNETES_TOKEN,
 * the engine's CA asks the (mock) API server with a TokenReview, and issues for the token's service account only.
 */
@ExtendWith(KafkaBroker.class)
@EnableKubernetesMockClient
class KubernetesTokenCertificateIT {

  private static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.projected.sa-token";

  KubernetesMockServer server;
  KubernetesClient client;

  @TempDir
  Path dataDir;

  @Test
  void shouldIssueForTheTokensServiceAccountAndRefuseAnotherIdentity() throws Exception {
    String bootstrap = KafkaBroker.bootstrapServers();
    String prefix = KafkaBroker.uniqueName("k8s-token") + ".";
    Topics topics = Topics.withPrefix(prefix);
    TopicAdmin.ensureTopics(bootstrap, topics.all(), 1, (short) 1);
    server.expect().post().withPath("/apis/authentication.k8s.io/v1/tokenreviews")
        .andReturn(201, new TokenReviewBuilder().withNewStatus().withAuthenticated(true).withAudiences("meshlog")
            .withNewUser().withUsername("system:serviceaccount:default:reviews").endUser().endStatus().build())
        .always();
    CaConfig ca = LocalCa.of(dataDir, "cluster.local", Map.of()).withKubernetesVerifier(new TokenReviewVerifier(client));

    try (PolicyEngine engine = ControlPlaneJobs.startEngine(EngineOptions.of(bootstrap, topics, prefix, dataDir.resolve("state"),
        (short) 1, ca))) {
      engine.awaitRunning(Duration.ofSeconds(120));
      try (Sidecar reviews = sidecar(bootstrap, topics, "reviews-7d4f.default", "reviews");
          Sidecar impostor = sidecar(bootstrap, topics, "ratings-5c9b.default", "ratings")) {
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() ->
            assertTrue(reviews.certificates().orElseThrow().state().current().isPresent(), "reviews got its certificate"));
        assertEquals("spiffe://cluster.local/ns/default/sa/reviews",
            reviews.certificates().orElseThrow().state().identity().toString());

        RecordedRequest review = server.takeRequest(10, TimeUnit.SECONDS);
        String body = review.getBody().readUtf8();
        assertTrue(body.contains(TOKEN) && body.contains("\"meshlog\""), "the token went to TokenReview with audience meshlog: " + body);

        List<CertificateAudit> audits = new ArrayList<>();
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
          audits.addAll(poll(bootstrap, topics));
          assertTrue(audits.stream().anyMatch(a -> a.getProxyId().equals("ratings-5c9b.default")
              && a.getOutcome() == CaOutcome.REFUSED && a.getReason().startsWith("SERVICE_ACCOUNT_MISMATCH: ")), audits.toString());
        });
        assertTrue(audits.stream().anyMatch(a -> a.getProxyId().equals("reviews-7d4f.default") && a.getOutcome() == CaOutcome.ISSUED
            && a.getCredentialKind().toString().equals("KUBERNETES_TOKEN")), audits.toString());
        assertTrue(impostor.certificates().orElseThrow().state().current().isEmpty(), "no certificate for another service account");
      }
    }
  }

  private static Sidecar sidecar(String bootstrap, Topics topics, String proxyId, String serviceAccount) {
    return Sidecar.start(new SidecarConfig(proxyId, serviceAccount, "default", Map.of("app", serviceAccount), "127.0.0.1", 0, 0, 0,
        bootstrap, topics), SidecarTuning.defaults().withIdentity(WorkloadIdentityConfig.withToken(TOKEN).withKubernetesToken()
        .withServiceAccount(serviceAccount)));
  }

  private KafkaConsumer<String, CertificateAudit> consumer;

  @AfterEach
  void closeConsumer() {
    if (consumer != null) {
      consumer.close();
    }
  }

  /** Everything new on the audit topic since the last poll. */
  private List<CertificateAudit> poll(String bootstrap, Topics topics) {
    if (consumer == null) {
      consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
          ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
          ConsumerConfig.GROUP_ID_CONFIG, KafkaBroker.uniqueName("audit-reader")),
          topics.caAudit().keySerde().deserializer(), topics.caAudit().valueSerde().deserializer());
      consumer.subscribe(List.of(topics.caAudit().name()));
    }
    List<CertificateAudit> found = new ArrayList<>();
    consumer.poll(Duration.ofMillis(500)).forEach(r -> found.add(r.value()));
    return found;
  }
}
