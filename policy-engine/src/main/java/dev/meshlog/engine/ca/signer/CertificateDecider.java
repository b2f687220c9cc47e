package dev.meshlog.engine.ca.signer;

import dev.meshlog.engine.ca.CsrChecks;
import dev.meshlog.engine.ca.CsrRejectedException;
import dev.meshlog.engine.ca.SpiffeId;
import dev.meshlog.engine.ca.WorkloadSigner;
import java.io.IOException;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * Decides one request, in an order chosen so that a single-use credential is spent only on a
 * request that would otherwise be issued: identity, then CSR, then credential, then signing. Pure
 * logic (no Kafka): the processor supplies the verifiers, including the one over its nonce store.
 */
final class CertificateDecider {

  private final String trustDomain;
  private final Duration ttl;
  private final CaAuthority authority;
  private final Map<CaRequest.Kind, CredentialVerifier> verifiers;

  CertificateDecider(String trustDomain, Duration ttl, CaAuthority authority, Map<CaRequest.Kind, CredentialVerifier> verifiers) {
    this.trustDomain = trustDomain;
    this.ttl = ttl;
    this.authority = authority;
    this.verifiers = Map.copyOf(verifiers);
  }

  Decision decide(CaRequest request, Instant now) {
    SpiffeId identity;
    try {
      identity = SpiffeId.parse(request.identity());
    } catch (IllegalArgumentException e) {
      return new Refusal(RefusalReason.BAD_IDENTITY, e.getMessage());
    }
    if (!identity.trustDomain().equals(trustDomain)) {
      return new Refusal(RefusalReason.WRONG_TRUST_DOMAIN,
          "trust domain " + identity.trustDomain() + " is not this CA's (" + trustDomain + ")");
    }
    PKCS10CertificationRequest csr = parseCsr(request.csrPem());
    if (csr == null) {
      return new Refusal(RefusalReason.CSR_MALFORMED, "csrPem is not one PEM CERTIFICATE REQUEST");
    }
    try {
      CsrChecks.check(csr, identity);
    } catch (CsrRejectedException e) {
      return refusal(e);
    }
    CredentialVerifier verifier = verifiers.get(request.kind());
    if (verifier == null) {
      return new Refusal(RefusalReason.NO_CREDENTIAL, "no credential of a known kind");
    }
    if (verifier.verify(identity, csr, request.credential(), now) instanceof Refusal refusal) {
      return refusal;
    }
    try {
      return new Decision.Issued(identity, new WorkloadSigner(authority.signingCa(), ttl, WorkloadSigner.DEFAULT_MAX_TTL)
          .sign(csr, identity, now));
    } catch (CsrRejectedException e) {
      return refusal(e);
    }
  }

  /** One CERTIFICATE REQUEST block and nothing else; null otherwise (the caller refuses). */
  private static PKCS10CertificationRequest parseCsr(String pem) {
    if (pem == null) {
      return null;
    }
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      Object first = parser.readObject();
      return first instanceof PKCS10CertificationRequest csr && parser.readObject() == null ? csr : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static Refusal refusal(CsrRejectedException e) {
    RefusalReason reason = switch (e.reason()) {
      case BAD_SIGNATURE -> RefusalReason.CSR_BAD_SIGNATURE;
      case IDENTITY_MISMATCH -> RefusalReason.CSR_SAN_MISMATCH;
      case WEAK_KEY -> RefusalReason.CSR_WEAK_KEY;
      case BAD_TTL -> RefusalReason.BAD_TTL;
      case MALFORMED -> RefusalReason.CSR_MALFORMED;
    };
    String message = e.getMessage();
    String prefix = e.reason() + ": ";
    return new Refusal(reason, message.startsWith(prefix) ? message.substring(prefix.length()) : message);
  }
}
