package dev.meshlog.engine.ca.signer;

import dev.meshlog.avro.BootstrapCredential;
import dev.meshlog.avro.CertificateRequest;
import dev.meshlog.avro.CredentialKind;
import dev.meshlog.avro.Envelope;
import dev.meshlog.avro.Source;
import java.io.StringWriter;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/** A workload as the proxy side behaves: its own key pair, CSRs, and requests (minted per test). */
public final class Workload {

  private final KeyPair keys;
  private final String proxyId;

  public Workload(String proxyId) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    this.keys = generator.generateKeyPair();
    this.proxyId = proxyId;
  }

  public KeyPair keys() {
    return keys;
  }

  public String proxyId() {
    return proxyId;
  }

  public PKCS10CertificationRequest csr(String sanUri) throws Exception {
    var builder = new JcaPKCS10CertificationRequestBuilder(new X500Name(new org.bouncycastle.asn1.x500.RDN[0]), keys.getPublic());
    ExtensionsGenerator extensions = new ExtensionsGenerator();
    extensions.addExtension(Extension.subjectAlternativeName, false,
        new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, sanUri)));
    builder.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate());
    return builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()));
  }

  public static String pem(Object object) throws Exception {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(object);
    }
    return out.toString();
  }

  public CertificateRequest request(String identity, PKCS10CertificationRequest csr, CredentialKind kind, String value)
      throws Exception {
    return request(identity, pem(csr), kind, value);
  }

  public CertificateRequest request(String identity, String csrPem, CredentialKind kind, String value) {
    return CertificateRequest.newBuilder()
        .setEnvelope(Envelope.newBuilder().setId(UUID.randomUUID().toString()).setType("CertificateRequested")
            .setSubject(proxyId).setActor(proxyId).setSource(Source.PROXY).setTime(Instant.now()).build())
        .setProxyId(proxyId)
        .setIdentity(identity)
        .setCsrPem(csrPem)
        .setCredential(BootstrapCredential.newBuilder().setKind(kind).setValue(value).build())
        .build();
  }

  /** A renewal credential: {@code chainPem} (leaf first), then a signature over the CSR with {@code signer}'s key. */
  public static String renewal(List<String> chainPem, PKCS10CertificationRequest csr, KeyPair signer) throws Exception {
    Signature signature = Signature.getInstance("SHA256withECDSA");
    signature.initSign(signer.getPrivate());
    signature.update(csr.getEncoded());
    return RenewalCredential.format(String.join("", chainPem), signature.sign());
  }
}
