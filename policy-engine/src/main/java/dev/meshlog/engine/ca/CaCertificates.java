package dev.meshlog.engine.ca;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;

/** Builds the mesh's own root and intermediate CA certificates. */
final class CaCertificates {

  /** Certificates are backdated by this much so a peer whose clock is slightly behind accepts them. */
  static final Duration CLOCK_SKEW = Duration.ofMinutes(1);

  private CaCertificates() {}

  /** Self-signed root: CA without a path length limit of its own, only cert and CRL signing. */
  static X509Certificate root(KeyPair keys, String organization, Instant now, Duration validity) {
    X500Name subject = name(organization, "Meshlog Root CA");
    JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(),
        Date.from(now.minus(CLOCK_SKEW)), Date.from(now.plus(validity)), subject, keys.getPublic());
    try {
      JcaX509ExtensionUtils ids = new JcaX509ExtensionUtils();
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
          .addExtension(Extension.subjectKeyIdentifier, false, ids.createSubjectKeyIdentifier(keys.getPublic()))
          .addExtension(Extension.authorityKeyIdentifier, false,
              ids.createAuthorityKeyIdentifier(keys.getPublic()));
    } catch (CertIOException | NoSuchAlgorithmException e) {
      throw new IllegalStateException("cannot build the root CA certificate", e);
    }
    return sign(builder, keys.getPrivate());
  }

  /**
   * Intermediate signed by the root, pathLen 0: it may sign workload certificates but never
   * another CA, so a stolen intermediate key cannot mint a sub-CA.
   */
  static X509Certificate intermediate(KeyPair keys, X509Certificate root, PrivateKey rootKey,
      String organization, Instant now, Duration validity) {
    Instant notAfter = now.plus(validity);
    if (notAfter.isAfter(root.getNotAfter().toInstant())) {
      notAfter = root.getNotAfter().toInstant(); // an issuer never outlives its own issuer
    }
    JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(root, serial(),
        Date.from(now.minus(CLOCK_SKEW)), Date.from(notAfter),
        name(organization, "Meshlog Intermediate CA"), keys.getPublic());
    try {
      JcaX509ExtensionUtils ids = new JcaX509ExtensionUtils();
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
          .addExtension(Extension.subjectKeyIdentifier, false, ids.createSubjectKeyIdentifier(keys.getPublic()))
          .addExtension(Extension.authorityKeyIdentifier, false, ids.createAuthorityKeyIdentifier(root));
    } catch (CertIOException | NoSuchAlgorithmException | CertificateException e) {
      throw new IllegalStateException("cannot build the intermediate CA certificate", e);
    }
    return sign(builder, rootKey);
  }

  /** Random positive 128-bit serial: unguessable (RFC 5280 allows up to 20 octets). */
  static BigInteger serial() {
    return new BigInteger(128, CaCrypto.RANDOM).setBit(127);
  }

  static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key) {
    try {
      return new JcaX509CertificateConverter().getCertificate(builder.build(CaCrypto.signer(key)));
    } catch (CertificateException e) {
      throw new IllegalStateException("cannot encode the signed certificate", e);
    }
  }

  /** Built attribute by attribute, so an organization with commas or quotes needs no escaping. */
  private static X500Name name(String organization, String commonName) {
    return new X500NameBuilder(BCStyle.INSTANCE)
        .addRDN(BCStyle.O, organization)
        .addRDN(BCStyle.CN, commonName)
        .build();
  }
}
