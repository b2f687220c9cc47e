package dev.meshlog.proxy.identity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.net.URI;
import java.util.Base64;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.Test;

class WorkloadKeyTest {

  private static final URI IDENTITY = URI.create("spiffe://cluster.local/ns/default/sa/reviews");

  @Test
  void shouldAskForExactlyItsSpiffeIdentityInARequestItsKeySigned() throws Exception {
    WorkloadKey key = WorkloadKey.generate();
    PKCS10CertificationRequest request = key.certificateRequest(IDENTITY);

    assertTrue(request.isSignatureValid(new JcaContentVerifierProviderBuilder().setProvider(new BouncyCastleProvider())
        .build(request.getSubjectPublicKeyInfo())));
    assertEquals(0, request.getSubject().getRDNs().length, "empty subject, as Istio's workload certificates");
    Extensions extensions = Extensions.getInstance(
        request.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest)[0].getAttrValues().getObjectAt(0));
    GeneralName[] names = GeneralNames.fromExtensions(extensions, Extension.subjectAlternativeName).getNames();
    assertEquals(1, names.length);
    assertEquals(GeneralName.uniformResourceIdentifier, names[0].getTagNo());
    assertEquals(IDENTITY.toString(), names[0].getName().toString());
  }

  @Test
  void shouldCarryOnlyThePublicKeyInThePemThatTravels() throws Exception {
    WorkloadKey key = WorkloadKey.generate();
    String pem = WorkloadKey.pem(key.certificateRequest(IDENTITY));

    assertTrue(pem.startsWith("-----BEGIN CERTIFICATE REQUEST-----"), pem);
    PKCS10CertificationRequest parsed = (PKCS10CertificationRequest) new PEMParser(new StringReader(pem)).readObject();
    assertArrayEquals(key.publicKey().getEncoded(), parsed.getSubjectPublicKeyInfo().getEncoded());
    String privateBase64 = Base64.getEncoder().encodeToString(key.privateKey().getEncoded());
    assertFalse(pem.replace("\n", "").contains(privateBase64.substring(0, 40)), "the private key never leaves");
    assertFalse(key.toString().contains(privateBase64.substring(0, 20)));
  }

  @Test
  void shouldRefuseAnIdentityThatIsNotSpiffe() {
    assertThrows(IllegalArgumentException.class,
        () -> WorkloadKey.generate().certificateRequest(URI.create("https://reviews.default.svc")));
  }
}
