package dev.meshlog.engine.ca;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.pkcs.CertificationRequest;
import org.bouncycastle.asn1.pkcs.CertificationRequestInfo;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/** CSRs as a workload would send them, and broken ones, minted per test. */
final class TestCsrs {

  private TestCsrs() {}

  static KeyPair ecKeys() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    return generator.generateKeyPair();
  }

  /** A CSR with an empty subject and, if {@code sanUri} is non-null, a URI SAN request. */
  static PKCS10CertificationRequest csr(KeyPair keys, String sanUri) throws Exception {
    return csr(keys, sanUri == null ? null : new GeneralName(GeneralName.uniformResourceIdentifier, sanUri), false);
  }

  static PKCS10CertificationRequest csr(KeyPair keys, GeneralName san, boolean askForCa) throws Exception {
    var builder = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=workload"), keys.getPublic());
    ExtensionsGenerator extensions = new ExtensionsGenerator();
    if (san != null) {
      extensions.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(san));
    }
    if (askForCa) {
      extensions.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
    }
    if (!extensions.isEmpty()) {
      builder.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate());
    }
    return builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()));
  }

  /**
   * The CSR with its public key swapped for another's and the original signature kept: what an
   * attacker replaying a victim's CSR for their own key would send.
   */
  static PKCS10CertificationRequest withPublicKeyOf(PKCS10CertificationRequest csr, KeyPair other) {
    CertificationRequest original = csr.toASN1Structure();
    CertificationRequestInfo info = original.getCertificationRequestInfo();
    CertificationRequestInfo forged = new CertificationRequestInfo(info.getSubject(),
        SubjectPublicKeyInfo.getInstance(other.getPublic().getEncoded()), info.getAttributes());
    return new PKCS10CertificationRequest(new CertificationRequest(forged,
        original.getSignatureAlgorithm(), original.getSignature()));
  }

  /** The CSR with one bit of its signature flipped. */
  static PKCS10CertificationRequest withFlippedSignatureBit(PKCS10CertificationRequest csr) {
    CertificationRequest original = csr.toASN1Structure();
    byte[] signature = original.getSignature().getBytes();
    signature[signature.length / 2] ^= 0x01;
    return new PKCS10CertificationRequest(new CertificationRequest(original.getCertificationRequestInfo(),
        original.getSignatureAlgorithm(), new DERBitString(signature)));
  }
}
