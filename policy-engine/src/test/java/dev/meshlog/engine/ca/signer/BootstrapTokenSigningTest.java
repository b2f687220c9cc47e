package dev.meshlog.engine.ca.signer;

import static dev.meshlog.engine.ca.signer.SignerHarness.TTL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.avro.CaOutcome;
import dev.meshlog.avro.CertificateAudit;
import dev.meshlog.avro.CredentialKind;
import dev.meshlog.avro.WorkloadCertificate;
import dev.meshlog.engine.ca.BootstrapTokens;
import dev.meshlog.engine.ca.CaSettings;
import dev.meshlog.engine.ca.MeshCa;
import dev.meshlog.engine.ca.SigningCa;
import dev.meshlog.engine.ca.SpiffeId;
import dev.meshlog.engine.ca.UsedNonces;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** First certificates of standalone workloads: a single-use token bound to one identity. */
class BootstrapTokenSigningTest {

  private static final Instant START = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  private static final String REVIEWS = "spiffe://cluster.local/ns/bookinfo/sa/reviews";
  private static final String RATINGS = "spiffe://cluster.local/ns/bookinfo/sa/ratings";
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
  void shouldIssueAChainToTheRootForTheTokensIdentityAndAuditIt() throws Exception {
    signer.send(workload.request(REVIEWS, workload.csr(REVIEWS), CredentialKind.BOOTSTRAP_TOKEN,
        signer.token(REVIEWS, Duration.ofHours(1))));

    List<TestRecord<String, WorkloadCertificate>> issued = signer.certificates.readRecordsToList();
    assertEquals(1, issued.size());
    assertEquals("reviews-v1-abc", issued.get(0).key(), "keyed by proxy id");
    WorkloadCertificate certificate = issued.get(0).value();
    assertEquals(REVIEWS, certificate.getIdentity());
    assertEquals(2, certificate.getChainPem().size(), "leaf and intermediate; the root comes from the bundle");
    SignerHarness.validate(certificate.getChainPem(), List.of(ca.root()), START);
    X509Certificate leaf = SignerHarness.certificates(certificate.getChainPem()).get(0);
    assertEquals(List.of(List.of(6, REVIEWS)), List.copyOf(leaf.getSubjectAlternativeNames()));
    assertEquals(workload.keys().getPublic(), leaf.getPublicKey(), "the workload's own key");
    assertEquals(START.plus(TTL), leaf.getNotAfter().toInstant(), "24 h TTL");
    assertEquals(leaf.getSerialNumber().toString(16), certificate.getSerial());

    List<TestRecord<String, CertificateAudit>> audits = signer.audit.readRecordsToList();
    assertEquals(1, audits.size());
    assertEquals(REVIEWS, audits.get(0).key(), "audit keyed by the identity asked for");
    CertificateAudit audit = audits.get(0).value();
    assertEquals(CaOutcome.ISSUED, audit.getOutcome());
    assertEquals("", audit.getReason());
    assertEquals(certificate.getSerial(), audit.getSerial());
    assertEquals(START.plus(TTL), audit.getNotAfter());
    assertEquals(CredentialKind.BOOTSTRAP_TOKEN, audit.getCredentialKind());
    assertEquals(SignerHarness.TOPICS.caRequests().name(), audit.getRequestTopic());
    assertEquals(0, audit.getRequestPartition());
    assertEquals(0L, audit.getRequestOffset());
    assertEquals(certificate.getEnvelope().getCausationId(), audit.getEnvelope().getCausationId());
    assertEquals(1, signer.metrics.issued());
    assertEquals(0, signer.metrics.refusedTotal());
  }

  @Test
  void shouldRefuseAReplayedTokenEvenFromAnotherProxyId() throws Exception {
    String token = signer.token(REVIEWS, Duration.ofHours(1));
    signer.send(workload.request(REVIEWS, workload.csr(REVIEWS), CredentialKind.BOOTSTRAP_TOKEN, token));
    signer.certificates.readValuesToList();
    signer.audit.readValuesToList();
    Workload thief = new Workload("somewhere-else");

    signer.send(thief.request(REVIEWS, thief.csr(REVIEWS), CredentialKind.BOOTSTRAP_TOKEN, token));

    CertificateAudit audit = signer.assertRefused(RefusalReason.REPLAYED, 1);
    assertEquals("somewhere-else", audit.getProxyId());
    assertEquals(1, signer.metrics.issued());
  }

  @Test
  void shouldRefuseAForeignTokenThatIsACsrForAnotherIdentity() throws Exception {
    String reviewsToken = signer.token(REVIEWS, Duration.ofHours(1));

    signer.send(workload.request(RATINGS, workload.csr(RATINGS), CredentialKind.BOOTSTRAP_TOKEN, reviewsToken));

    CertificateAudit audit = signer.assertRefused(RefusalReason.FOREIGN, 0);
    assertEquals(RATINGS, audit.getIdentity());
  }

  @Test
  void shouldRefuseAnExpiredToken() throws Exception {
    String token = signer.token(REVIEWS, Duration.ofMinutes(5));
    signer.clock.advance(Duration.ofMinutes(6));

    signer.send(workload.request(REVIEWS, workload.csr(REVIEWS), CredentialKind.BOOTSTRAP_TOKEN, token));

    signer.assertRefused(RefusalReason.EXPIRED, 0);
  }

  @Test
  void shouldRefuseATokenWithABadMac() throws Exception {
    String otherMesh = new BootstrapTokens(BootstrapTokens.newKey(), signer.clock, UsedNonces.inMemory(signer.clock))
        .issue(SpiffeId.parse(REVIEWS), Duration.ofHours(1));

    signer.send(workload.request(REVIEWS, workload.csr(REVIEWS), CredentialKind.BOOTSTRAP_TOKEN, otherMesh));

    signer.assertRefused(RefusalReason.BAD_MAC, 0);
  }

  @Test
  void shouldNotSpendATokenOnARequestRefusedForItsCsr() throws Exception {
    String token = signer.token(REVIEWS, Duration.ofHours(1));
    signer.send(workload.request(REVIEWS, workload.csr(RATINGS), CredentialKind.BOOTSTRAP_TOKEN, token));
    signer.assertRefused(RefusalReason.CSR_SAN_MISMATCH, 0);

    signer.send(workload.request(REVIEWS, workload.csr(REVIEWS), CredentialKind.BOOTSTRAP_TOKEN, token));

    assertEquals(1, signer.certificates.readValuesToList().size(), "the token is still good for a correct request");
  }

  @Test
  void shouldForgetTheNoncesOfExpiredTokensOnTheWallClock() throws Exception {
    signer.send(workload.request(REVIEWS, workload.csr(REVIEWS), CredentialKind.BOOTSTRAP_TOKEN,
        signer.token(REVIEWS, Duration.ofMinutes(5))));
    KeyValueStore<String, Long> nonces = signer.driver.getKeyValueStore(SignerTopology.NONCES_STORE);
    assertEquals(1, count(nonces));

    signer.driver.advanceWallClockTime(SignerProcessor.SWEEP_INTERVAL);
    assertEquals(1, count(nonces), "kept while the token is alive");
    signer.clock.advance(Duration.ofMinutes(6));
    signer.driver.advanceWallClockTime(SignerProcessor.SWEEP_INTERVAL);

    assertEquals(0, count(nonces), "swept once the token has expired");
  }

  @Test
  void shouldNameItsStoresAndRepartitionTopic() {
    String description = SignerTopology.build(SignerHarness.TOPICS, signer.setup).describe().toString();
    assertTrue(description.contains("stores: [" + SignerTopology.NONCES_STORE + "]"), description);
    assertTrue(description.contains("stores: [" + SignerTopology.BUNDLE_STORE + "]"), description);
    assertTrue(description.contains(SignerTopology.REPARTITION + "-repartition"), description);
  }

  private static long count(KeyValueStore<String, Long> store) {
    try (var all = store.all()) {
      long n = 0;
      while (all.hasNext()) {
        all.next();
        n++;
      }
      return n;
    }
  }
}
