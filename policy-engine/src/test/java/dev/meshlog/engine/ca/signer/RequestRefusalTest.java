package dev.meshlog.engine.ca.signer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meshlog.avro.CertificateAudit;
import dev.meshlog.avro.CredentialKind;
import dev.meshlog.engine.ca.CaSettings;
import dev.meshlog.engine.ca.MeshCa;
import dev.meshlog.engine.ca.SigningCa;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Requests refused before any credential is looked at, and credentials this signer cannot check. */
class RequestRefusalTest {

  private static final Instant START = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  private static final String REVIEWS = "spiffe://cluster.local/ns/bookinfo/sa/reviews";
  private static SigningCa ca;

  @TempDir
  Path stateDir;
  private SignerHarness signer;
  private Workload workload;

  @BeforeAll
  static void mintCa(@TempDir Path dir) {
    ca = MeshCa.loadOrCreate(CaSettings.defaults(dir, "cluster.local"), "pw".toCharArray(), Clock.fixed(START, ZoneOffset.UTC));
  }

  @BeforeEach
  void start() throws Exception {
    signer = new SignerHarness(stateDir, CaAuthority.fixed(ca), new MutableClock(START));
    workload = new Workload("reviews-v1-abc");
  }

  @AfterEach
  void stop() {
    signer.close();
  }

  @Test
  void shouldRefuseAnIdentityOfAnotherTrustDomain() throws Exception {
    String foreign = "spiffe://evil.example/ns/bookinfo/sa/reviews";
    signer.send(workload.request(foreign, workload.csr(foreign), CredentialKind.BOOTSTRAP_TOKEN, "v1.x.y"));

    CertificateAudit audit = signer.assertRefused(RefusalReason.WRONG_TRUST_DOMAIN, 0);
    assertEquals(foreign, audit.getIdentity());
  }

  @Test
  void shouldRefuseAndAuditVerbatimAnIdentityThatIsNotASpiffeId() throws Exception {
    String bad = "spiffe://cluster.local/ns/bookinfo/sa/reviews/../admin";
    signer.send(workload.request(bad, workload.csr(REVIEWS), CredentialKind.BOOTSTRAP_TOKEN, "v1.x.y"));

    CertificateAudit audit = signer.assertRefused(RefusalReason.BAD_IDENTITY, 0);
    assertEquals(bad, audit.getIdentity(), "as written");
  }

  @Test
  void shouldRefuseACsrWhoseSanIsNotTheIdentityAskedFor() throws Exception {
    String token = signer.token(REVIEWS, Duration.ofHours(1));
    signer.send(workload.request(REVIEWS, workload.csr("spiffe://cluster.local/ns/kube-system/sa/admin"),
        CredentialKind.BOOTSTRAP_TOKEN, token));

    signer.assertRefused(RefusalReason.CSR_SAN_MISMATCH, 0);
  }

  @Test
  void shouldRefuseAMalformedCsr() {
    signer.send(workload.request(REVIEWS, "-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n",
        CredentialKind.BOOTSTRAP_TOKEN, signer.token(REVIEWS, Duration.ofHours(1))));

    signer.assertRefused(RefusalReason.CSR_MALFORMED, 0);
  }

  @Test
  void shouldSkipAnUndecodableRequestAndGoOn() throws Exception {
    TestInputTopic<String, byte[]> raw = signer.driver.createInputTopic(SignerHarness.TOPICS.caRequests().name(),
        new StringSerializer(), new ByteArraySerializer());
    byte[] garbage = "not avro".getBytes(StandardCharsets.UTF_8);
    raw.pipeInput("reviews-v1-abc", garbage);
    // TopologyTestDriver does not route to the dead-letter topic; CaSignerIT checks that on a broker.
    assertEquals(0, signer.audit.readValuesToList().size());
    signer.send(workload.request(REVIEWS, workload.csr(REVIEWS), CredentialKind.BOOTSTRAP_TOKEN,
        signer.token(REVIEWS, Duration.ofHours(1))));
    assertEquals(1, signer.certificates.readValuesToList().size(), "the signer goes on");
  }

  @Test
  void shouldRefuseKubernetesTokensUntilTheKubernetesIntegrationVerifiesThem() throws Exception {
    signer.send(workload.request(REVIEWS, workload.csr(REVIEWS), CredentialKind.KUBERNETES_TOKEN, "eyJhbGciOi..."));

    CertificateAudit audit = signer.assertRefused(RefusalReason.UNSUPPORTED, 0);
    assertEquals("UNSUPPORTED: Kubernetes service-account tokens need the Kubernetes integration", audit.getReason());
    assertEquals(CredentialKind.KUBERNETES_TOKEN, audit.getCredentialKind());
  }
}
