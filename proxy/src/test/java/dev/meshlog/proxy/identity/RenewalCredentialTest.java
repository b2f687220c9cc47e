package dev.meshlog.proxy.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class RenewalCredentialTest {

  private static final URI IDENTITY = URI.create("spiffe://cluster.local/ns/default/sa/reviews");

  @Test
  void shouldBeTheCurrentChainLeafFirstThenASignatureOfTheNewCsrByTheCurrentKey() throws Exception {
    KeyPair current = TestCa.keyPair();
    List<X509Certificate> chain = new TestCa().issue(current.getPublic(), IDENTITY, Duration.ofHours(1));
    byte[] newCsr = WorkloadKey.generate().certificateRequest(IDENTITY).getEncoded();

    String value = RenewalCredential.value(chain, current.getPrivate(), newCsr);

    int at = value.lastIndexOf(RenewalCredential.SIGNATURE_PREFIX);
    assertTrue(at > 0, value);
    String pem = value.substring(0, at);
    String signatureLine = value.substring(at);
    assertTrue(signatureLine.endsWith("\n") && signatureLine.indexOf('\n') == signatureLine.length() - 1,
        "the signature is the last line: " + signatureLine);
    List<X509Certificate> sent = new ArrayList<>();
    CertificateFactory.getInstance("X.509")
        .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))
        .forEach(c -> sent.add((X509Certificate) c));
    assertEquals(chain, sent, "the whole chain, leaf first");

    byte[] signature = Base64.getDecoder().decode(
        signatureLine.substring(RenewalCredential.SIGNATURE_PREFIX.length()).strip());
    assertTrue(verifies(sent.get(0), newCsr, signature), "verifies with the current leaf's key over the CSR DER");
    byte[] otherCsr = WorkloadKey.generate().certificateRequest(IDENTITY).getEncoded();
    assertFalse(verifies(sent.get(0), otherCsr, signature), "bound to this CSR: useless with another");
  }

  @Test
  void shouldNotVerifyWhenMadeWithAnotherKeyThanTheLeafs() throws Exception {
    List<X509Certificate> chain = new TestCa().issue(TestCa.keyPair().getPublic(), IDENTITY, Duration.ofHours(1));
    byte[] csr = WorkloadKey.generate().certificateRequest(IDENTITY).getEncoded();

    String value = RenewalCredential.value(chain, TestCa.keyPair().getPrivate(), csr);

    String b64 = value.substring(value.lastIndexOf(RenewalCredential.SIGNATURE_PREFIX)
        + RenewalCredential.SIGNATURE_PREFIX.length()).strip();
    assertFalse(verifies(chain.get(0), csr, Base64.getDecoder().decode(b64)));
  }

  static boolean verifies(X509Certificate leaf, byte[] data, byte[] signature) throws Exception {
    Signature verifier = Signature.getInstance("SHA256withECDSA");
    verifier.initVerify(leaf.getPublicKey());
    verifier.update(data);
    return verifier.verify(signature);
  }
}
