package dev.meshlog.cli.inject;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.engine.ca.CaSettings;
import dev.meshlog.engine.ca.MeshCa;
import dev.meshlog.engine.ca.SigningCa;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServingCertificateTest {

  @TempDir Path dir;

  @Test
  void shouldIssueAServerCertificateForTheWebhookServiceNamesChainedToTheMeshRoot() throws Exception {
    SigningCa ca = MeshCa.loadOrCreate(CaSettings.defaults(dir.resolve("ca"), "cluster.local"), "p".toCharArray(), Clock.systemUTC());

    ServingCertificate certificate = ServingCertificateIssuer.issue(ca, "meshlog-webhook", "meshlog", Instant.now());

    X509Certificate leaf = certificate.chain().get(0);
    assertEquals(List.of("meshlog-webhook", "meshlog-webhook.meshlog", "meshlog-webhook.meshlog.svc",
        "meshlog-webhook.meshlog.svc.cluster.local"),
        leaf.getSubjectAlternativeNames().stream().map(san -> (String) san.get(1)).collect(Collectors.toList()));
    assertEquals(List.of("1.3.6.1.5.5.7.3.1"), leaf.getExtendedKeyUsage(), "server auth only");
    leaf.verify(ca.certificate().getPublicKey());
    assertTrue(!leaf.getNotAfter().after(ca.certificate().getNotAfter()), "never outlives its issuer");
    assertEquals(ca.root(), certificate.caCertificate());
    String bundle = new String(Base64.getDecoder().decode(certificate.caBundle()), StandardCharsets.US_ASCII);
    assertTrue(bundle.startsWith("-----BEGIN CERTIFICATE-----"), bundle);
  }

  @Test
  void shouldLoadPemFilesAndNameTheBadOne() throws Exception {
    SigningCa ca = MeshCa.loadOrCreate(CaSettings.defaults(dir.resolve("ca"), "cluster.local"), "p".toCharArray(), Clock.systemUTC());
    ServingCertificate issued = ServingCertificateIssuer.issue(ca, "meshlog-webhook", "meshlog", Instant.now());
    Path cert = Files.writeString(dir.resolve("tls.crt"), pem(issued.chain().toArray()));
    // PKCS#8, as openssl genpkey and cert-manager (privateKey.encoding: PKCS8) write it.
    Path key = Files.writeString(dir.resolve("tls.key"), "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(issued.key().getEncoded())
        + "\n-----END PRIVATE KEY-----\n");

    ServingCertificate loaded = ServingCertificate.fromPem(cert, key);

    assertEquals(issued.chain(), loaded.chain());
    assertEquals(((java.security.interfaces.ECPrivateKey) issued.key()).getS(),
        ((java.security.interfaces.ECPrivateKey) loaded.key()).getS(), "the same private key");
    loaded.sslContext();   // the JDK's TLS accepts it
    assertEquals(ca.root(), loaded.caCertificate(), "the chain file's last certificate");
    IllegalArgumentException swapped = assertThrows(IllegalArgumentException.class, () -> ServingCertificate.fromPem(key, cert));
    assertEquals("--tls-cert " + key + ": no CERTIFICATE block", swapped.getMessage());
  }

  private static String pem(Object... objects) throws IOException {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      for (Object object : objects) {
        writer.writeObject(object);
      }
    }
    return out.toString();
  }
}
