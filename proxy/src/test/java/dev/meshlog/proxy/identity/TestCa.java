package dev.meshlog.proxy.identity;

import java.math.BigInteger;
import java.net.URI;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A root and an intermediate minted per test, issuing workload leaves like the mesh CA: empty
 * subject, the SPIFFE URI as the only (critical) SAN. The proxy must not depend on the engine, so
 * tests carry this small CA of their own.
 */
public final class TestCa {

  private final AtomicLong serials = new AtomicLong(System.nanoTime() & 0xffffff);
  private final KeyPair rootKey = keyPair();
  private final X509Certificate root;
  private final KeyPair intermediateKey = keyPair();
  private final X509Certificate intermediate;

  public TestCa() {
    Instant now = Instant.now();
    X500Name rootName = new X500Name("O=meshlog-test,CN=root");
    X500Name intermediateName = new X500Name("O=meshlog-test,CN=intermediate");
    root = ca(rootName, rootName, rootKey.getPublic(), rootKey.getPrivate(), now);
    intermediate = ca(intermediateName, rootName, intermediateKey.getPublic(), rootKey.getPrivate(), now);
  }

  public static KeyPair keyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Leaf then intermediate, valid from now for {@code ttl}. */
  public List<X509Certificate> issue(PublicKey key, URI identity, Duration ttl) {
    Instant now = Instant.now();
    return issue(key, identity, now, now.plus(ttl));
  }

  public List<X509Certificate> issue(PublicKey key, URI identity, Instant notBefore, Instant notAfter) {
    try {
      X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
          new X500Name("O=meshlog-test,CN=intermediate"), BigInteger.valueOf(serials.incrementAndGet()),
          Date.from(notBefore), Date.from(notAfter), new X500Name(new RDN[0]), key)
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
          .addExtension(Extension.subjectAlternativeName, true,
              new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, identity.toString())));
      return List.of(sign(builder, intermediateKey.getPrivate()), intermediate);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public X509Certificate root() {
    return root;
  }

  private static X509Certificate ca(X500Name subject, X500Name issuer, PublicKey key, PrivateKey signer, Instant now) {
    try {
      X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(now.toEpochMilli()),
          Date.from(now.minusSeconds(60)), Date.from(now.plus(Duration.ofDays(1))), subject, key)
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      return sign(builder, signer);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key) throws Exception {
    return new JcaX509CertificateConverter().getCertificate(
        builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key)));
  }
}
