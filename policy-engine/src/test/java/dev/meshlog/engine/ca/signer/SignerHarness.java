package dev.meshlog.engine.ca.signer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meshlog.avro.CaOutcome;
import dev.meshlog.avro.CertificateAudit;
import dev.meshlog.avro.CertificateRequest;
import dev.meshlog.avro.MeshTrustBundle;
import dev.meshlog.avro.WorkloadCertificate;
import dev.meshlog.engine.StreamsSettings;
import dev.meshlog.engine.ca.BootstrapTokens;
import dev.meshlog.engine.ca.SpiffeId;
import dev.meshlog.engine.ca.UsedNonces;
import dev.meshlog.schemas.Topics;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/** The signer topology under TopologyTestDriver, with a CA, a token key and a clock the test owns. */
final class SignerHarness implements AutoCloseable {

  static final Topics TOPICS = Topics.withPrefix("test.");
  static final String TRUST_DOMAIN = "cluster.local";
  static final Duration TTL = Duration.ofHours(24);

  final MutableClock clock;
  final CaMetrics metrics = new CaMetrics();
  final byte[] tokenKey = BootstrapTokens.newKey();
  final SignerSetup setup;
  final TopologyTestDriver driver;
  final TestInputTopic<String, CertificateRequest> requests;
  final TestOutputTopic<String, WorkloadCertificate> certificates;
  final TestOutputTopic<String, CertificateAudit> audit;
  final TestOutputTopic<String, MeshTrustBundle> bundle;
  private final BootstrapTokens tokens;

  SignerHarness(Path stateDir, CaAuthority authority, MutableClock clock) {
    this(stateDir, authority, clock, KubernetesTokenUnsupported.INSTANCE);
  }

  SignerHarness(Path stateDir, CaAuthority authority, MutableClock clock, CredentialVerifier kubernetes) {
    this.clock = clock;
    this.setup = new SignerSetup(TRUST_DOMAIN, TTL, tokenKey, authority, kubernetes, metrics, clock,
        Duration.ofSeconds(30));
    this.tokens = new BootstrapTokens(tokenKey, clock, UsedNonces.inMemory(clock));
    driver = new TopologyTestDriver(SignerTopology.build(TOPICS, setup),
        StreamsSettings.forApp("signer-test", "unused:9092", stateDir, 1, TOPICS.deadLetter().name()));
    requests = driver.createInputTopic(TOPICS.caRequests().name(),
        TOPICS.caRequests().keySerde().serializer(), TOPICS.caRequests().valueSerde().serializer());
    certificates = driver.createOutputTopic(TOPICS.caCertificates().name(),
        TOPICS.caCertificates().keySerde().deserializer(), TOPICS.caCertificates().valueSerde().deserializer());
    audit = driver.createOutputTopic(TOPICS.caAudit().name(),
        TOPICS.caAudit().keySerde().deserializer(), TOPICS.caAudit().valueSerde().deserializer());
    bundle = driver.createOutputTopic(TOPICS.caBundle().name(),
        TOPICS.caBundle().keySerde().deserializer(), TOPICS.caBundle().valueSerde().deserializer());
  }

  String token(String identity, Duration ttl) {
    return tokens.issue(SpiffeId.parse(identity), ttl);
  }

  void send(CertificateRequest request) {
    requests.pipeInput(request.getProxyId(), request);
  }

  /** The one audit record the last request produced, asserted to be a refusal with {@code reason}. */
  CertificateAudit assertRefused(RefusalReason reason, long offset) {
    List<CertificateAudit> records = audit.readValuesToList();
    assertEquals(1, records.size(), records.toString());
    CertificateAudit record = records.get(0);
    assertEquals(CaOutcome.REFUSED, record.getOutcome());
    assertEquals(true, record.getReason().startsWith(reason + ": "), record.getReason());
    assertEquals(offset, record.getRequestOffset(), "names the request's offset");
    assertEquals(TOPICS.caRequests().name(), record.getRequestTopic());
    assertEquals(List.of(), certificates.readValuesToList(), "no certificate on a refusal");
    assertEquals(1, metrics.refused(reason), "counted under " + reason);
    return record;
  }

  static List<X509Certificate> certificates(List<String> pems) throws Exception {
    CertificateFactory factory = CertificateFactory.getInstance("X.509");
    List<X509Certificate> chain = new ArrayList<>();
    for (String pem : pems) {
      chain.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))));
    }
    return chain;
  }

  /** PKIX from the published chain (leaf, intermediate) to {@code roots} at {@code at}. */
  static void validate(List<String> chainPem, List<X509Certificate> roots, Instant at) throws Exception {
    Set<TrustAnchor> anchors = new java.util.HashSet<>();
    roots.forEach(r -> anchors.add(new TrustAnchor(r, null)));
    PKIXParameters parameters = new PKIXParameters(anchors);
    parameters.setRevocationEnabled(false);
    parameters.setDate(Date.from(at));
    CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509")
        .generateCertPath(certificates(chainPem)), parameters);
  }

  @Override
  public void close() {
    driver.close();
  }
}
