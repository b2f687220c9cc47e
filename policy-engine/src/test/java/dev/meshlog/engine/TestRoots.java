package dev.meshlog.engine;

import dev.meshlog.avro.Envelope;
import dev.meshlog.avro.MeshTrustBundle;
import dev.meshlog.avro.Source;
import java.io.StringWriter;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Root CA certificates minted per test (never checked in), and the trust bundle events the CA publishes. */
public final class TestRoots {

  private static final AtomicLong SERIAL = new AtomicLong(1);

  private TestRoots() {}

  /** A fresh self-signed EC root named {@code CN=<name>}, valid for a day from now, as one PEM certificate. */
  public static String rootPem(String name) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair keys = generator.generateKeyPair();
      X500Name subject = new X500Name("CN=" + name + ", O=meshlog test");
      long now = System.currentTimeMillis();
      var builder = new JcaX509v3CertificateBuilder(subject, BigInteger.valueOf(SERIAL.getAndIncrement()), new Date(now - 60_000),
          new Date(now + Duration.ofDays(1).toMillis()), subject, keys.getPublic());
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      X509Certificate certificate = new JcaX509CertificateConverter()
          .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
      StringWriter pem = new StringWriter();
      try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
        writer.writeObject(certificate);
      }
      return pem.toString();
    } catch (Exception e) {
      throw new IllegalStateException("cannot mint a test root", e);
    }
  }

  /** The event the CA publishes on mesh.ca.bundle (key: the trust domain). */
  public static MeshTrustBundle bundle(String trustDomain, String... rootsPem) {
    Envelope envelope = Envelope.newBuilder()
        .setId("bundle-" + trustDomain + "-" + rootsPem.length + "-" + SERIAL.getAndIncrement())
        .setType("TrustBundleChanged").setSubject(trustDomain).setActor("ca/test").setReason("test")
        .setSource(Source.ENGINE).setTime(MeshFixtures.T0)
        .build();
    return MeshTrustBundle.newBuilder().setEnvelope(envelope).setTrustDomain(trustDomain).setRootsPem(List.of(rootsPem)).build();
  }
}
