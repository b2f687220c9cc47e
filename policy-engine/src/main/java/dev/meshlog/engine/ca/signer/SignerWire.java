package dev.meshlog.engine.ca.signer;

import dev.meshlog.avro.CaOutcome;
import dev.meshlog.avro.CertificateAudit;
import dev.meshlog.avro.CertificateRequest;
import dev.meshlog.avro.CredentialKind;
import dev.meshlog.avro.Envelope;
import dev.meshlog.avro.MeshTrustBundle;
import dev.meshlog.avro.Source;
import dev.meshlog.avro.WorkloadCertificate;
import dev.meshlog.engine.ca.IssuedChain;
import dev.meshlog.engine.ca.TrustBundle;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;

/** The signer's edge: Avro requests in, Avro certificates, audits and bundles out. */
final class SignerWire {

  static final String ACTOR = "meshlog-ca";

  private SignerWire() {}

  static CaRequest request(CertificateRequest avro) {
    var credential = avro.getCredential();
    CaRequest.Kind kind = credential == null || credential.getKind() == null ? CaRequest.Kind.NONE
        : CaRequest.Kind.valueOf(credential.getKind().name());
    String requestId = avro.getEnvelope() == null ? "" : avro.getEnvelope().getId();
    return new CaRequest(requestId, avro.getProxyId(), avro.getIdentity(), avro.getCsrPem(), kind,
        credential == null ? "" : credential.getValue());
  }

  /** The chain as published: leaf, then intermediates; the root comes from the trust bundle, never from the wire. */
  static WorkloadCertificate certificate(CaRequest request, Decision.Issued issued, Instant now) {
    IssuedChain chain = issued.chain();
    X509Certificate leaf = chain.leaf();
    List<X509Certificate> presented = chain.certificates().subList(0, chain.certificates().size() - 1);
    return WorkloadCertificate.newBuilder()
        .setEnvelope(envelope("CertificateIssued", request.proxyId(), request, now))
        .setProxyId(request.proxyId())
        .setIdentity(issued.identity().toUri())
        .setChainPem(presented.stream().map(SignerWire::pem).toList())
        .setSerial(leaf.getSerialNumber().toString(16))
        .setNotBefore(leaf.getNotBefore().toInstant())
        .setNotAfter(leaf.getNotAfter().toInstant())
        .build();
  }

  static CertificateAudit audit(CaRequest request, Decision decision, RequestOrigin origin, Instant now) {
    CertificateAudit.Builder audit = CertificateAudit.newBuilder()
        .setProxyId(request.proxyId())
        .setIdentity(request.identity())
        .setCredentialKind(request.kind() == CaRequest.Kind.NONE ? CredentialKind.BOOTSTRAP_TOKEN
            : CredentialKind.valueOf(request.kind().name()))
        .setRequestTopic(origin.topic())
        .setRequestPartition(origin.partition())
        .setRequestOffset(origin.offset());
    if (decision instanceof Decision.Issued issued) {
      audit.setEnvelope(envelope("CertificateIssued", request.identity(), request, now))
          .setOutcome(CaOutcome.ISSUED)
          .setReason("")
          .setSerial(issued.chain().leaf().getSerialNumber().toString(16))
          .setNotAfter(issued.chain().leaf().getNotAfter().toInstant());
    } else if (decision instanceof Refusal refusal) {
      audit.setEnvelope(envelope("CertificateRefused", request.identity(), request, now))
          .setOutcome(CaOutcome.REFUSED)
          .setReason(refusal.text());
    }
    return audit.build();
  }

  static MeshTrustBundle bundle(String trustDomain, TrustBundle bundle, Instant now) {
    List<String> roots = rootsPem(bundle);
    return MeshTrustBundle.newBuilder()
        .setEnvelope(Envelope.newBuilder()
            .setId(UUID.randomUUID().toString())
            .setType("TrustBundleChanged")
            .setSubject(trustDomain)
            .setActor(ACTOR)
            .setReason(roots.size() > 1 ? "root rotation: old and new root trusted during the overlap" : "")
            .setSource(Source.ENGINE)
            .setTime(now)
            .build())
        .setTrustDomain(trustDomain)
        .setRootsPem(roots)
        .build();
  }

  static List<String> rootsPem(TrustBundle bundle) {
    return bundle.roots().stream().map(SignerWire::pem).toList();
  }

  /**
   * Derived from the request id, so a request decided twice (a crash before commit, then replay)
   * yields records with the same ids.
   */
  private static Envelope envelope(String type, String subject, CaRequest request, Instant now) {
    return Envelope.newBuilder()
        .setId(UUID.nameUUIDFromBytes((type + "|" + request.requestId()).getBytes(StandardCharsets.UTF_8)).toString())
        .setType(type)
        .setSubject(subject)
        .setActor(ACTOR)
        .setSource(Source.ENGINE)
        .setTime(now)
        .setCausationId(request.requestId().isEmpty() ? null : request.requestId())
        .build();
  }

  private static String pem(X509Certificate certificate) {
    var out = new java.io.StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(certificate);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("PEM encoding failed", e);
    }
    return out.toString();
  }
}
