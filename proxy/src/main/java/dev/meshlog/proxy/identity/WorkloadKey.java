package dev.meshlog.proxy.identity;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * The workload's own key pair, made in the sidecar and never sent anywhere: what leaves the
 * process is a PKCS#10 certificate request carrying only the public key and the SPIFFE identity
 * the workload asks for (as istio-agent does). EC P-256 keys, as Istio's ECC option: cheap to make
 * at every rotation and fast in TLS 1.3 handshakes.
 */
public final class WorkloadKey {

  private final KeyPair keyPair;

  private WorkloadKey(KeyPair keyPair) {
    this.keyPair = keyPair;
  }

  /** A fresh P-256 key pair. */
  public static WorkloadKey generate() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return new WorkloadKey(generator.generateKeyPair());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK cannot make P-256 keys", e);
    }
  }

  /**
   * A request for a certificate naming {@code identity} (a {@code spiffe://} URI) as its only URI
   * SAN, with an empty subject as Istio's workload certificates have, signed with this key.
   */
  public PKCS10CertificationRequest certificateRequest(URI identity) {
    if (!"spiffe".equals(identity.getScheme())) {
      throw new IllegalArgumentException("workload identity must be a spiffe:// URI, got " + identity);
    }
    try {
      ExtensionsGenerator extensions = new ExtensionsGenerator();
      extensions.addExtension(Extension.subjectAlternativeName, true,
          new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, identity.toString())));
      return new JcaPKCS10CertificationRequestBuilder(new X500Name(new RDN[0]), keyPair.getPublic())
          .addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate())
          .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keyPair.getPrivate()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (OperatorCreationException e) {
      throw new IllegalStateException("cannot sign a certificate request with P-256", e);
    }
  }

  /** The request as PEM, the form it travels in. */
  public static String pem(PKCS10CertificationRequest request) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(request);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  public PublicKey publicKey() {
    return keyPair.getPublic();
  }

  /** For the sidecar's own TLS context only; never serialized, logged or published. */
  public PrivateKey privateKey() {
    return keyPair.getPrivate();
  }

  @Override
  public String toString() {
    return "WorkloadKey[P-256, private part not shown]";
  }
}
