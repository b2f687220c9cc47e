package dev.meshlog.engine.ca;

import dev.meshlog.engine.ca.CsrRejectedException.Reason;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * Issues workload (end-entity) certificates from CSRs, the way Istio's CA does: the identity comes
 * from the caller (who authenticated the workload), never from the CSR; the subject is empty and
 * the SPIFFE URI is the only SAN; only the CSR's public key is used.
 */
public final class WorkloadSigner {

  public static final Duration DEFAULT_TTL = Duration.ofHours(24);
  /** Istio's default ceiling for workload certificates. */
  public static final Duration DEFAULT_MAX_TTL = Duration.ofDays(90);

  private final SigningCa ca;
  private final Duration defaultTtl;
  private final Duration maxTtl;

  public WorkloadSigner(SigningCa ca) {
    this(ca, DEFAULT_TTL, DEFAULT_MAX_TTL);
  }

  public WorkloadSigner(SigningCa ca, Duration defaultTtl, Duration maxTtl) {
    this.ca = Objects.requireNonNull(ca, "ca");
    this.defaultTtl = Objects.requireNonNull(defaultTtl, "defaultTtl");
    this.maxTtl = Objects.requireNonNull(maxTtl, "maxTtl");
    if (defaultTtl.isNegative() || defaultTtl.isZero() || defaultTtl.compareTo(maxTtl) > 0) {
      throw new IllegalArgumentException("default TTL must be positive and at most " + maxTtl + ": " + defaultTtl);
    }
  }

  public IssuedChain sign(PKCS10CertificationRequest csr, SpiffeId identity, Instant now) {
    return sign(csr, identity, defaultTtl, now);
  }

  /**
   * @throws CsrRejectedException if the CSR's signature does not verify, it asks for another
   *     identity, its key is weak, or the TTL is not positive, above the maximum, or would outlive the CA
   */
  public IssuedChain sign(PKCS10CertificationRequest csr, SpiffeId identity, Duration ttl, Instant now) {
    Objects.requireNonNull(identity, "identity");
    SubjectPublicKeyInfo publicKey = CsrChecks.check(csr, identity);
    Instant notAfter = now.plus(requireTtl(ttl, now));
    // Backdated so a peer whose clock lags by up to a minute does not reject a fresh certificate.
    Instant notBefore = now.minus(CaCertificates.CLOCK_SKEW);
    X509v3CertificateBuilder builder = new X509v3CertificateBuilder(issuerName(), CaCertificates.serial(),
        Date.from(notBefore), Date.from(notAfter), new X500Name(new RDN[0]), publicKey);
    try {
      JcaX509ExtensionUtils ids = new JcaX509ExtensionUtils();
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
          .addExtension(Extension.keyUsage, true,
              new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
          .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
              new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}))
          // RFC 5280 4.2.1.6: with an empty subject the SAN extension must be critical.
          .addExtension(Extension.subjectAlternativeName, true, new GeneralNames(
              new GeneralName(GeneralName.uniformResourceIdentifier, identity.toUri())))
          .addExtension(Extension.subjectKeyIdentifier, false, ids.createSubjectKeyIdentifier(publicKey))
          .addExtension(Extension.authorityKeyIdentifier, false,
              ids.createAuthorityKeyIdentifier(ca.certificate()));
    } catch (CertIOException | NoSuchAlgorithmException | CertificateEncodingException e) {
      throw new IllegalStateException("cannot build the workload certificate", e);
    }
    List<X509Certificate> chain = new ArrayList<>();
    chain.add(CaCertificates.sign(builder, ca.privateKey()));
    chain.addAll(ca.chain());
    return new IssuedChain(chain);
  }

  private Duration requireTtl(Duration ttl, Instant now) {
    if (ttl == null || ttl.isNegative() || ttl.isZero() || ttl.compareTo(maxTtl) > 0) {
      throw new CsrRejectedException(Reason.BAD_TTL, "TTL must be positive and at most " + maxTtl + ": " + ttl);
    }
    Instant caNotAfter = ca.certificate().getNotAfter().toInstant();
    if (now.plus(ttl).isAfter(caNotAfter)) {
      // A leaf outliving its issuer fails path validation after the issuer expires; renew the CA instead.
      throw new CsrRejectedException(Reason.BAD_TTL,
          "certificate would expire after the signing CA (" + caNotAfter + "); renew the CA");
    }
    return ttl;
  }

  private X500Name issuerName() {
    try {
      return new JcaX509CertificateHolder(ca.certificate()).getSubject();
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException("signing CA certificate cannot be encoded", e);
    }
  }
}
