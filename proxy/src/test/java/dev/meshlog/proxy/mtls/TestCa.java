package dev.meshlog.proxy.mtls;

import java.io.StringWriter;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away mesh CA for tests: a root (and optionally an intermediate) minted with BouncyCastle,
 * issuing workload certificates with SPIFFE URI SANs, valid or not as a test needs.
 */
public final class TestCa {

  private static final AtomicLong SERIAL = new AtomicLong(System.nanoTime());

  /** A workload's key and chain, leaf first. */
  public record Issued(PrivateKey key, List<X509Certificate> chain) {
    public X509Certificate leaf() {
      return chain.get(0);
    }
  }

  private final KeyPair rootKey;
  private final X509Certificate root;
  private final KeyPair signingKey;
  private final X509Certificate signing;

  private TestCa(KeyPair rootKey, X509Certificate root, KeyPair signingKey, X509Certificate signing) {
    this.rootKey = rootKey;
    this.root = root;
    this.signingKey = signingKey;
    this.signing = signing;
  }

  /** A root that signs workload certificates itself. */
  public static TestCa create(String name) {
    KeyPair key = keyPair();
    X509Certificate root = sign(new X500Name("CN=" + name + " root,O=meshlog-test"), key, new X500Name("CN=" + name + " root,O=meshlog-test"),
        key.getPrivate(), List.of(), true, Instant.now().minus(Duration.ofMinutes(5)), Instant.now().plus(Duration.ofDays(3650)));
    return new TestCa(key, root, key, root);
  }

  /** A root and an intermediate that signs workload certificates, as Istio's CA is usually laid out. */
  public static TestCa withIntermediate(String name) {
    TestCa top = create(name);
    KeyPair key = keyPair();
    X509Certificate intermediate = sign(new X500Name("CN=" + name + " intermediate,O=meshlog-test"), key,
        X500Name.getInstance(top.root.getSubjectX500Principal().getEncoded()), top.rootKey.getPrivate(), List.of(), true,
        Instant.now().minus(Duration.ofMinutes(5)), Instant.now().plus(Duration.ofDays(365)));
    return new TestCa(top.rootKey, top.root, key, intermediate);
  }

  public X509Certificate root() {
    return root;
  }

  public String rootPem() {
    try (StringWriter out = new StringWriter(); JcaPEMWriter pem = new JcaPEMWriter(out)) {
      pem.writeObject(root);
      pem.flush();
      return out.toString();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public TrustBundle bundle(String trustDomain) {
    return new TrustBundle(trustDomain, List.of(root));
  }

  /** A certificate valid for a day from now, with these URI SANs. */
  public Issued issue(String... uris) {
    return issue(Instant.now().minus(Duration.ofMinutes(1)), Instant.now().plus(Duration.ofDays(1)), uris);
  }

  public Issued issue(Instant notBefore, Instant notAfter, String... uris) {
    KeyPair key = keyPair();
    X509Certificate leaf = sign(new X500Name("O=meshlog-test"), key,
        X500Name.getInstance(signing.getSubjectX500Principal().getEncoded()), signingKey.getPrivate(), List.of(uris), false, notBefore,
        notAfter);
    List<X509Certificate> chain = new ArrayList<>();
    chain.add(leaf);
    if (signing != root) {
      chain.add(signing);
    }
    return new Issued(key.getPrivate(), chain);
  }

  private static KeyPair keyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static X509Certificate sign(X500Name subject, KeyPair subjectKey, X500Name issuer, PrivateKey issuerKey,
      List<String> uris, boolean ca, Instant notBefore, Instant notAfter) {
    try {
      JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIAL.incrementAndGet()),
          Date.from(notBefore), Date.from(notAfter), subject, subjectKey.getPublic());
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
      builder.addExtension(Extension.keyUsage, true, ca
          ? new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign)
          : new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
      if (!uris.isEmpty()) {
        builder.addExtension(Extension.subjectAlternativeName, true, new GeneralNames(
            uris.stream().map(u -> new GeneralName(GeneralName.uniformResourceIdentifier, u)).toArray(GeneralName[]::new)));
      }
      return new JcaX509CertificateConverter().getCertificate(
          builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
