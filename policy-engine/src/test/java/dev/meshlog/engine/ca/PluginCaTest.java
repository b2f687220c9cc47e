package dev.meshlog.engine.ca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginCaTest {

  private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  private static final SpiffeId RATINGS = new SpiffeId("cluster.local", "bookinfo", "ratings");

  @TempDir
  Path dir;

  /** Root and intermediate as an operator's own PKI would hand them over. */
  private record Pki(KeyPair rootKeys, X509Certificate root, KeyPair caKeys, X509Certificate caCert) {
    static Pki create(KeyPair rootKeys, KeyPair caKeys) {
      X509Certificate root = CaCertificates.root(rootKeys, "example corp", NOW, Duration.ofDays(3650));
      X509Certificate caCert = CaCertificates.intermediate(caKeys, root, rootKeys.getPrivate(), "example corp",
          NOW, Duration.ofDays(365));
      return new Pki(rootKeys, root, caKeys, caCert);
    }
  }

  @Test
  void shouldLoadAnIstioStyleRsaCaWithPkcs1KeyAndSignWorkloads() throws Exception {
    Pki pki = Pki.create(rsaKeys(), rsaKeys());
    write(pki.root(), pki.caCert(), pkcs1(pki.caKeys()), List.of(pki.caCert(), pki.root()));

    assertTrue(Files.readString(dir.resolve("ca-key.pem")).startsWith("-----BEGIN RSA PRIVATE KEY-----"));
    SigningCa ca = PluginCa.load(dir, NOW);
    IssuedChain chain = new WorkloadSigner(ca).sign(TestCsrs.csr(TestCsrs.ecKeys(), null), RATINGS, NOW);

    assertEquals(pki.caCert(), ca.certificate());
    assertEquals(List.of(), ca.intermediates());
    WorkloadSignerTest.validate(chain, TrustBundle.of(pki.root()), NOW);
  }

  @Test
  void shouldLoadAnEcCaWithUnencryptedPkcs8KeyAndAChainWithoutTheRoot() throws Exception {
    Pki pki = Pki.create(CaCrypto.newCaKeyPair(), CaCrypto.newCaKeyPair());
    write(pki.root(), pki.caCert(), PemFiles.toPem(List.of(new JcaPKCS8Generator(pki.caKeys().getPrivate(), null))),
        List.of(pki.caCert()));

    SigningCa ca = PluginCa.load(dir, NOW);

    assertEquals(List.of(pki.caCert(), pki.root()), ca.chain());
  }

  @Test
  void shouldLoadAnEncryptedKeyWithItsPassphrase() throws Exception {
    Pki pki = Pki.create(CaCrypto.newCaKeyPair(), CaCrypto.newCaKeyPair());
    write(pki.root(), pki.caCert(), EncryptedKeyPem.encrypt(pki.caKeys().getPrivate(), "s3cret".toCharArray()),
        List.of(pki.caCert(), pki.root()));

    assertEquals(((ECPrivateKey) pki.caKeys().getPrivate()).getS(),
        ((ECPrivateKey) PluginCa.load(dir, "s3cret".toCharArray(), NOW).privateKey()).getS());
    CaFileException error = assertThrows(CaFileException.class, () -> PluginCa.load(dir, NOW));
    assertEquals(dir.resolve("ca-key.pem"), error.file());
  }

  @Test
  void shouldRefuseACaKeyThatDoesNotMatchCaCertNamingCaKeyPem() throws Exception {
    Pki pki = Pki.create(CaCrypto.newCaKeyPair(), CaCrypto.newCaKeyPair());
    write(pki.root(), pki.caCert(), pkcs1(CaCrypto.newCaKeyPair()), List.of(pki.caCert(), pki.root()));

    CaFileException error = assertThrows(CaFileException.class, () -> PluginCa.load(dir, NOW));

    assertEquals(dir.resolve("ca-key.pem"), error.file());
    assertTrue(error.getMessage().contains("ca-key.pem") && error.getMessage().contains("does not match"),
        error.getMessage());
  }

  @Test
  void shouldRefuseACaCertNotSignedByTheRootNamingCaCertPem() throws Exception {
    Pki pki = Pki.create(CaCrypto.newCaKeyPair(), CaCrypto.newCaKeyPair());
    Pki stranger = Pki.create(CaCrypto.newCaKeyPair(), CaCrypto.newCaKeyPair());
    write(stranger.root(), pki.caCert(), pkcs1(pki.caKeys()), List.of(pki.caCert()));

    CaFileException error = assertThrows(CaFileException.class, () -> PluginCa.load(dir, NOW));

    assertEquals(dir.resolve("ca-cert.pem"), error.file());
    assertTrue(error.getMessage().contains("does not chain up to root-cert.pem"), error.getMessage());
  }

  @Test
  void shouldRefuseAnExpiredCaCert() throws Exception {
    Pki pki = Pki.create(CaCrypto.newCaKeyPair(), CaCrypto.newCaKeyPair());
    write(pki.root(), pki.caCert(), pkcs1(pki.caKeys()), List.of(pki.caCert()));

    CaFileException error = assertThrows(CaFileException.class,
        () -> PluginCa.load(dir, NOW.plus(Duration.ofDays(400))));

    assertEquals(dir.resolve("ca-cert.pem"), error.file());
    assertTrue(error.getMessage().contains("expired at"), error.getMessage());
  }

  @Test
  void shouldRefuseAMissingOrGarbledFileNamingIt() throws Exception {
    Pki pki = Pki.create(CaCrypto.newCaKeyPair(), CaCrypto.newCaKeyPair());
    write(pki.root(), pki.caCert(), pkcs1(pki.caKeys()), List.of(pki.caCert()));
    Files.delete(dir.resolve("cert-chain.pem"));

    CaFileException missing = assertThrows(CaFileException.class, () -> PluginCa.load(dir, NOW));
    assertEquals(dir.resolve("cert-chain.pem"), missing.file());
    assertTrue(missing.getMessage().endsWith("file is missing"), missing.getMessage());

    Files.writeString(dir.resolve("root-cert.pem"), "not a certificate\n");
    CaFileException garbled = assertThrows(CaFileException.class, () -> PluginCa.load(dir, NOW));
    assertEquals(dir.resolve("root-cert.pem"), garbled.file());
  }

  @Test
  void shouldRefuseAChainThatDoesNotStartWithCaCert() throws Exception {
    Pki pki = Pki.create(CaCrypto.newCaKeyPair(), CaCrypto.newCaKeyPair());
    write(pki.root(), pki.caCert(), pkcs1(pki.caKeys()), List.of(pki.root()));

    CaFileException error = assertThrows(CaFileException.class, () -> PluginCa.load(dir, NOW));

    assertEquals(dir.resolve("cert-chain.pem"), error.file());
  }

  private void write(X509Certificate root, X509Certificate caCert, String caKeyPem, List<X509Certificate> chain)
      throws Exception {
    Files.writeString(dir.resolve("root-cert.pem"), PemFiles.toPem(List.of(root)));
    Files.writeString(dir.resolve("ca-cert.pem"), PemFiles.toPem(List.of(caCert)));
    Files.writeString(dir.resolve("ca-key.pem"), caKeyPem);
    Files.writeString(dir.resolve("cert-chain.pem"), PemFiles.toPem(chain));
  }

  /**
   * Traditional OpenSSL form (PKCS#1 RSA PRIVATE KEY / SEC1 EC PRIVATE KEY), as `openssl genrsa`
   * wrote Istio's sample keys. Re-encoded through BC first: the JDK's EC encoding leaves the curve
   * out of the inner SEC1 structure, which openssl never does.
   */
  private static String pkcs1(KeyPair keys) throws Exception {
    PrivateKey key = KeyFactory.getInstance(keys.getPrivate().getAlgorithm(), CaCrypto.BC)
        .generatePrivate(new PKCS8EncodedKeySpec(keys.getPrivate().getEncoded()));
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(key);
    }
    return out.toString();
  }

  private static KeyPair rsaKeys() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    return generator.generateKeyPair();
  }
}
