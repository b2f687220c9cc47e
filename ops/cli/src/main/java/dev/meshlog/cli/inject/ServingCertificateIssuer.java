package dev.meshlog.cli.inject;

import dev.meshlog.engine.ca.SigningCa;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Issues the webhook's serving certificate from the mesh CA's signing key: a fresh P-256 key, DNS
 * SANs for the webhook Service ({@code name}, {@code name.ns}, {@code name.ns.svc},
 * {@code name.ns.svc.cluster.local}), server auth only. The API server then trusts it through the
 * mesh root, which {@link ServingCertificate#caBundle()} gives for the webhook configuration.
 */
public final class ServingCertificateIssuer {

  /** Renewed by restarting the webhook; a year, or less when the signing CA expires sooner. */
  static final Duration VALIDITY = Duration.ofDays(365);
  private static final Duration CLOCK_SKEW = Duration.ofMinutes(1);
  private static final SecureRandom RANDOM = new SecureRandom();
  /** The CA loader reads keys through BouncyCastle ("ECDSA" keys the JDK's signer refuses); not registered globally. */
  private static final Provider BC = new BouncyCastleProvider();

  private ServingCertificateIssuer() {}

  /** The DNS names a client can use to reach {@code service} in {@code namespace}. */
  public static List<String> dnsNames(String service, String namespace) {
    return List.of(service, service + "." + namespace, service + "." + namespace + ".svc",
        service + "." + namespace + ".svc.cluster.local");
  }

  public static ServingCertificate issue(SigningCa ca, String service, String namespace, Instant now) {
    List<String> names = dnsNames(service, namespace);
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
      KeyPair keys = generator.generateKeyPair();
      Instant caEnds = ca.certificate().getNotAfter().toInstant();
      Instant notAfter = now.plus(VALIDITY).isBefore(caEnds) ? now.plus(VALIDITY) : caEnds;
      X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(ca.certificate(),
          new BigInteger(127, RANDOM).add(BigInteger.ONE), Date.from(now.minus(CLOCK_SKEW)), Date.from(notAfter),
          new X500Name("CN=" + names.get(2)), keys.getPublic());
      GeneralName[] sans = names.stream().map(n -> new GeneralName(GeneralName.dNSName, n)).toArray(GeneralName[]::new);
      JcaX509ExtensionUtils ids = new JcaX509ExtensionUtils();
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
          .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
          .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans))
          .addExtension(Extension.subjectKeyIdentifier, false, ids.createSubjectKeyIdentifier(keys.getPublic()))
          .addExtension(Extension.authorityKeyIdentifier, false, ids.createAuthorityKeyIdentifier(ca.certificate()));
      String algorithm = ca.privateKey().getAlgorithm().startsWith("EC") ? "SHA256withECDSA" : "SHA256withRSA";
      X509Certificate leaf = new JcaX509CertificateConverter()
          .getCertificate(builder.build(new JcaContentSignerBuilder(algorithm).setProvider(BC).build(ca.privateKey())));
      List<X509Certificate> chain = new ArrayList<>();
      chain.add(leaf);
      chain.addAll(ca.chain());
      return new ServingCertificate(keys.getPrivate(), chain, ca.root());
    } catch (GeneralSecurityException | OperatorCreationException | java.io.IOException e) {
      throw new IllegalStateException("cannot issue the webhook certificate from the mesh CA: " + e.getMessage(), e);
    }
  }
}
