package dev.meshlog.proxy;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshlog.avro.CertificateRequest;
import dev.meshlog.avro.ClusterEvent;
import dev.meshlog.avro.CredentialKind;
import dev.meshlog.avro.WorkloadResource;
import dev.meshlog.kafka.local.KafkaBroker;
import dev.meshlog.proxy.identity.CertificateClient;
import dev.meshlog.proxy.identity.CertificateInstaller;
import dev.meshlog.proxy.identity.CertificateStatus;
import dev.meshlog.proxy.identity.RenewalCredential;
import dev.meshlog.proxy.identity.TestCa;
import dev.meshlog.proxy.identity.TestSigner;
import dev.meshlog.proxy.identity.WorkloadIdentityConfig;
import dev.meshlog.schemas.TopicAdmin;
import dev.meshlog.schemas.Topics;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The proxy side of the mesh CA on a real broker, with the test playing the signer: the private
 * key never travels, the chain is taken only for the key the proxy holds, renewal at half-life is
 * proven with the current certificate, and unanswered requests are sent again.
 */
@ExtendWith(KafkaBroker.class)
class CertificateIssuanceIT {

  private static final String PROXY = "reviews-v1";
  private static final String NS = "shop";
  private static final URI IDENTITY = URI.create("spiffe://cluster.local/ns/shop/sa/default");
  private static final Duration WAIT = Duration.ofSeconds(60);

  private final String bootstrap = KafkaBroker.bootstrapServers();
  private final Topics topics = Topics.withPrefix(KafkaBroker.uniqueName("certs") + ".");
  private final TestCa ca = new TestCa();
  private final Installs installs = new Installs();

  /** What the installer was given, in order. */
  private record Install(PrivateKey key, List<X509Certificate> chain) {}

  private static final class Installs implements CertificateInstaller {
    final List<Install> seen = new CopyOnWriteArrayList<>();

    @Override
    public void install(PrivateKey key, List<X509Certificate> chain) {
      seen.add(new Install(key, List.copyOf(chain)));
    }
  }

  @BeforeEach
  void createTopics() {
    TopicAdmin.ensureTopics(bootstrap, topics.all(), 1, (short) 1);
  }

  private CertificateClient client(WorkloadIdentityConfig config, CertificateStatus status) {
    return CertificateClient.start(bootstrap, topics, PROXY, NS, config, installs, status);
  }

  @Test
  void shouldInstallTheChainForItsTokenThenRenewAtHalfLifeWithANewKeyProvenByTheCurrentOne() throws Exception {
    CertificateStatus status = new CertificateStatus(IDENTITY);
    try (TestSigner signer = TestSigner.start(bootstrap, topics, TestSigner.issuing(ca, Duration.ofSeconds(4)));
        CertificateClient client = client(WorkloadIdentityConfig.withToken("token-1"), status)) {
      await().atMost(WAIT).until(() -> signer.requests().stream()
          .anyMatch(r -> r.getCredential().getKind() == CredentialKind.CERTIFICATE));

      Install first = installs.seen.get(0);
      assertTrue(keyMatchesLeaf(first), "installed with the key its leaf certifies");
      assertEquals(IDENTITY, client.identity());
      List<CertificateRequest> requests = signer.requests();
      int renewalAt = firstRenewal(requests);
      for (CertificateRequest initial : requests.subList(0, renewalAt)) {
        assertEquals(CredentialKind.BOOTSTRAP_TOKEN, initial.getCredential().getKind());
        assertEquals("token-1", initial.getCredential().getValue().toString());
        assertEquals(PROXY, initial.getEnvelope().getActor().toString());
        assertEquals(PROXY, initial.getEnvelope().getSubject().toString());
        assertEquals("CertificateRequested", initial.getEnvelope().getType().toString());
        assertEquals(IDENTITY.toString(), initial.getIdentity().toString());
      }
      CertificateRequest renewal = requests.get(renewalAt);
      PublicKey renewedKey = TestSigner.csrKey(renewal);
      assertFalse(renewal.getCsrPem().toString().contains("PRIVATE"), "only the CSR travels");
      assertFalse(same(first.chain().get(0).getPublicKey(), renewedKey), "a renewal makes a new key pair");

      // The credential: the chain in use, leaf first, then a signature of the new CSR by the current key.
      String value = renewal.getCredential().getValue().toString();
      int at = value.lastIndexOf(RenewalCredential.SIGNATURE_PREFIX);
      List<X509Certificate> proof = List.copyOf(CertificateFactory.getInstance("X.509")
          .generateCertificates(new ByteArrayInputStream(value.substring(0, at).getBytes(StandardCharsets.US_ASCII)))
          .stream().map(X509Certificate.class::cast).toList());
      Install proven = installs.seen.stream().filter(i -> i.chain().equals(proof)).findFirst()
          .orElseThrow(() -> new AssertionError("the renewal proves with a chain that was installed"));
      Signature verifier = Signature.getInstance("SHA256withECDSA");
      verifier.initVerify(proven.chain().get(0).getPublicKey());
      verifier.update(TestSigner.csr(renewal).getEncoded());
      assertTrue(verifier.verify(Base64.getDecoder().decode(
          value.substring(at + RenewalCredential.SIGNATURE_PREFIX.length()).strip())), "signed with the old key");

      await().atMost(WAIT).until(() -> installs.seen.stream()
          .anyMatch(i -> same(i.chain().get(0).getPublicKey(), renewedKey)));
      Install renewed = installs.seen.stream().filter(i -> same(i.chain().get(0).getPublicKey(), renewedKey))
          .findFirst().orElseThrow();
      assertTrue(keyMatchesLeaf(renewed));
      assertTrue(status.certificatesInstalled() >= 2);
      assertTrue(status.requests() >= 2);
    }
  }

  @Test
  void shouldIgnoreChainsForAnotherProxyAnotherKeyOrAnotherIdentity() throws Exception {
    AtomicReference<X509Certificate> good = new AtomicReference<>();
    TestSigner.Policy policy = (index, request, key) -> {
      if (index > 0) {
        return List.of();
      }
      List<X509Certificate> right = ca.issue(key, IDENTITY, Duration.ofHours(1));
      good.set(right.get(0));
      return List.of(
          new TestSigner.Answer("ratings-v1", ca.issue(key, IDENTITY, Duration.ofHours(1))),
          new TestSigner.Answer(PROXY, ca.issue(TestCa.keyPair().getPublic(), IDENTITY, Duration.ofHours(1))),
          new TestSigner.Answer(PROXY, ca.issue(key, URI.create("spiffe://cluster.local/ns/shop/sa/admin"),
              Duration.ofHours(1))),
          new TestSigner.Answer(PROXY, right));
    };
    CertificateStatus status = new CertificateStatus(IDENTITY);
    // Long waits: the one request is answered once, and nothing is asked again meanwhile.
    WorkloadIdentityConfig config = WorkloadIdentityConfig.withToken("token-2")
        .withBackoff(Duration.ofSeconds(60), Duration.ofSeconds(60));
    try (TestSigner signer = TestSigner.start(bootstrap, topics, policy);
        CertificateClient client = client(config, status)) {
      await().atMost(WAIT).until(() -> !installs.seen.isEmpty());

      // The wrong answers came first on the one partition: had any been taken, it would be first.
      assertEquals(1, installs.seen.size());
      assertEquals(good.get(), installs.seen.get(0).chain().get(0));
      assertEquals(1, status.certificatesInstalled());
      assertEquals(good.get().getSerialNumber().toString(16), status.state().current().orElseThrow().serial());
    }
  }

  @Test
  void shouldAskAgainWithTheSameKeyAndBackingOffWhileNoCertificateArrives() throws Exception {
    TestSigner.Policy answerThird = (index, request, key) -> index < 2
        ? List.of()
        : TestSigner.issuing(ca, Duration.ofHours(1)).answer(index, request, key);
    CertificateStatus status = new CertificateStatus(IDENTITY);
    WorkloadIdentityConfig config = WorkloadIdentityConfig.withToken("token-3")
        .withBackoff(Duration.ofMillis(300), Duration.ofSeconds(2));
    try (TestSigner signer = TestSigner.start(bootstrap, topics, answerThird);
        CertificateClient client = client(config, status)) {
      await().atMost(WAIT).until(() -> !installs.seen.isEmpty());

      List<CertificateRequest> requests = signer.requests();
      assertTrue(requests.size() >= 3, "asked again: " + requests.size());
      PublicKey key = TestSigner.csrKey(requests.get(0));
      for (CertificateRequest request : requests) {
        assertEquals(CredentialKind.BOOTSTRAP_TOKEN, request.getCredential().getKind());
        assertTrue(same(key, TestSigner.csrKey(request)), "retries keep the key whose answer may still come");
      }
      assertTrue(status.renewalFailures() >= 2, "each unanswered request counted: " + status.renewalFailures());
      assertTrue(status.requests() >= 3);
      assertTrue(keyMatchesLeaf(installs.seen.get(0)));
      assertTrue(status.state().lastError().isEmpty(), "cleared once a certificate is installed");
    }
  }

  @Test
  void shouldShowTheCertificateOnTheAdminPortAndRegisterItsServiceAccount() throws Exception {
    SidecarConfig config = new SidecarConfig(PROXY, "reviews", NS, Map.of("version", "v1"), "127.0.0.1", 0, 0, 0,
        bootstrap, topics);
    SidecarTuning tuning = SidecarTuning.defaults()
        .withIdentity(WorkloadIdentityConfig.withToken("token-4").withServiceAccount("reviews"));
    try (TestSigner signer = TestSigner.start(bootstrap, topics, TestSigner.issuing(ca, Duration.ofHours(1)));
        Sidecar sidecar = Sidecar.start(config, tuning);
        TopicProbe<ClusterEvent> events = new TopicProbe<>(bootstrap, topics.clusterEvents())) {
      CertificateStatus status = sidecar.certificates().orElseThrow();
      await().atMost(WAIT).until(() -> status.state().current().isPresent());

      JsonNode certs = new ObjectMapper().readTree(AdminPages.get(sidecar, "/certs"));
      assertEquals("spiffe://cluster.local/ns/shop/sa/reviews", certs.get("identity").asText());
      assertEquals(status.state().current().get().serial(), certs.get("serial_number").asText());
      JsonNode leaf = certs.get("certificates").get(0).get("cert_chain").get(0);
      assertEquals("spiffe://cluster.local/ns/shop/sa/reviews", leaf.get("subject_alt_names").get(0).get("uri").asText());
      assertFalse(certs.get("next_renewal").asText().isEmpty());
      assertEquals("", certs.get("last_error").asText());
      assertFalse(AdminPages.get(sidecar, "/certs").contains("PRIVATE"));
      Map<String, Double> stats = AdminPages.stats(sidecar);
      assertTrue(stats.get("meshlog_proxy_ca_requests_total") >= 1.0, stats.toString());
      assertEquals(1.0, stats.get("meshlog_proxy_ca_certificates_installed_total"));

      WorkloadResource registered = (WorkloadResource) events.awaitValues(values -> !values.isEmpty()).get(0).getResource();
      assertEquals("reviews", registered.getServiceAccount().toString());
    }
  }

  /** A signature made with the installed private key verifies with the leaf's public key. */
  private static boolean keyMatchesLeaf(Install install) throws Exception {
    byte[] data = "proof of possession".getBytes(StandardCharsets.UTF_8);
    Signature signer = Signature.getInstance("SHA256withECDSA");
    signer.initSign(install.key());
    signer.update(data);
    Signature verifier = Signature.getInstance("SHA256withECDSA");
    verifier.initVerify(install.chain().get(0).getPublicKey());
    verifier.update(data);
    return verifier.verify(signer.sign());
  }

  private static boolean same(PublicKey a, PublicKey b) {
    return Arrays.equals(a.getEncoded(), b.getEncoded());
  }

  private static int firstRenewal(List<CertificateRequest> requests) {
    for (int i = 0; i < requests.size(); i++) {
      if (requests.get(i).getCredential().getKind() == CredentialKind.CERTIFICATE) {
        return i;
      }
    }
    throw new AssertionError("no renewal among " + requests.size() + " requests");
  }
}
