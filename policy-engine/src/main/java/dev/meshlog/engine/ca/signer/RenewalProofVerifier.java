package dev.meshlog.engine.ca.signer;

import dev.meshlog.engine.ca.SpiffeId;
import dev.meshlog.engine.ca.TrustBundle;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.PKIXParameters;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * A renewal: the workload proves its identity with the certificate it holds (its bootstrap token
 * was good once). The credential is the current chain, leaf first, then a line
 * {@code signature: <base64>} with a signature over the new CSR's DER made with the current key
 * (see docs/security.md). The chain must validate to the mesh's trust bundle now, so an expired
 * certificate or one from another CA cannot be renewed; the signature binds the proof to this CSR,
 * so a captured chain alone (public) proves nothing.
 */
final class RenewalProofVerifier implements CredentialVerifier {

  private final CaAuthority authority;

  RenewalProofVerifier(CaAuthority authority) {
    this.authority = authority;
  }

  @Override
  public Verdict verify(SpiffeId identity, PKCS10CertificationRequest csr, String credential, Instant now) {
    Optional<RenewalCredential> parsed = RenewalCredential.parse(credential);
    if (parsed.isEmpty()) {
      return new Refusal(RefusalReason.CERT_MALFORMED, "expected a PEM chain, leaf first, then a line 'signature: <base64>'");
    }
    List<X509Certificate> chain = parsed.get().chain();
    X509Certificate leaf = chain.get(0);
    for (X509Certificate certificate : chain) {
      if (now.isAfter(certificate.getNotAfter().toInstant())) {
        return new Refusal(RefusalReason.CERT_EXPIRED, "certificate " + subject(certificate) + " expired at "
            + certificate.getNotAfter().toInstant());
      }
      if (now.isBefore(certificate.getNotBefore().toInstant())) {
        return new Refusal(RefusalReason.CERT_EXPIRED, "certificate " + subject(certificate) + " is not valid before "
            + certificate.getNotBefore().toInstant());
      }
    }
    Optional<String> untrusted = validate(chain, authority.trustBundle(now), now);
    if (untrusted.isPresent()) {
      return new Refusal(RefusalReason.CERT_UNTRUSTED, untrusted.get());
    }
    List<String> uris = uriSans(leaf);
    if (!uris.equals(List.of(identity.toUri()))) {
      return new Refusal(RefusalReason.CERT_IDENTITY_MISMATCH, "certificate is for " + uris + ", not " + identity.toUri());
    }
    if (!signatureVerifies(leaf.getPublicKey(), csr, parsed.get().signature())) {
      return new Refusal(RefusalReason.BAD_PROOF, "signature over the CSR does not verify with the certificate's key");
    }
    return Verdict.PROVEN;
  }

  /** PKIX to the bundle's roots; a root the workload sent along is dropped (trust comes from the bundle only). */
  private static Optional<String> validate(List<X509Certificate> chain, TrustBundle bundle, Instant now) {
    if (chain.get(0).getBasicConstraints() >= 0) {
      return Optional.of("the first certificate is a CA, not a workload certificate");
    }
    List<X509Certificate> path = new ArrayList<>(chain);
    path.removeIf(bundle.roots()::contains);
    try {
      PKIXParameters parameters = new PKIXParameters(bundle.trustAnchors());
      parameters.setRevocationEnabled(false); // the mesh CA publishes no CRL; short TTLs stand in for revocation
      parameters.setDate(Date.from(now));
      CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509").generateCertPath(path), parameters);
      return Optional.empty();
    } catch (GeneralSecurityException e) {
      return Optional.of("chain does not validate to the mesh trust bundle: " + e.getMessage());
    }
  }

  private static List<String> uriSans(X509Certificate leaf) {
    List<String> uris = new ArrayList<>();
    try {
      Collection<List<?>> names = leaf.getSubjectAlternativeNames();
      if (names != null) {
        names.stream().filter(n -> Integer.valueOf(6).equals(n.get(0))).forEach(n -> uris.add(String.valueOf(n.get(1))));
      }
    } catch (CertificateParsingException e) {
      return List.of();
    }
    return uris;
  }

  private static boolean signatureVerifies(PublicKey key, PKCS10CertificationRequest csr, byte[] signature) {
    String algorithm = switch (key.getAlgorithm()) {
      case "EC", "ECDSA" -> "SHA256withECDSA";
      case "RSA" -> "SHA256withRSA";
      default -> "";
    };
    if (algorithm.isEmpty()) {
      return false;
    }
    try {
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(key);
      verifier.update(csr.getEncoded());
      return verifier.verify(signature);
    } catch (GeneralSecurityException | IOException e) {
      return false; // an undecodable signature proves nothing
    }
  }

  private static String subject(X509Certificate certificate) {
    String name = certificate.getSubjectX500Principal().getName();
    return name.isEmpty() ? "serial " + certificate.getSerialNumber().toString(16) : name;
  }
}
