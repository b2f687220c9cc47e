package dev.meshlog.cli.ca;

import dev.meshlog.engine.ca.CaDirectory;
import dev.meshlog.engine.ca.CaSettings;
import dev.meshlog.engine.ca.MeshCa;
import dev.meshlog.engine.ca.SigningCa;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.stream.Stream;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * An operator's CA handed over in Istio's cacerts layout, for tests: made as the mesh's own CA in a scratch directory,
 * then only the four cacerts files copied (no root key), ca-key.pem encrypted with {@link #PASSPHRASE}.
 */
public record PluginCaFiles(Path directory, SigningCa ca) {

  public static final String PASSPHRASE = "plug-in-pw";
  private static final List<String> CACERTS = List.of(CaDirectory.CA_CERT, CaDirectory.CA_KEY, CaDirectory.ROOT_CERT,
      CaDirectory.CERT_CHAIN);

  public static PluginCaFiles create(Path scratch, String name) throws IOException {
    Path own = scratch.resolve(name + "-own");
    SigningCa ca = MeshCa.loadOrCreate(CaSettings.defaults(own, "example corp"), PASSPHRASE.toCharArray(), Clock.systemUTC());
    Path cacerts = Files.createDirectories(scratch.resolve(name));
    for (String file : CACERTS) {
      Files.copy(own.resolve(file), cacerts.resolve(file));
    }
    return new PluginCaFiles(cacerts, ca);
  }

  /** Every file and its bytes: equal before and after means nothing was written there. */
  public String listing() throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      StringBuilder all = new StringBuilder();
      for (Path file : files.sorted().toList()) {
        all.append(file.getFileName()).append('=').append(java.util.Arrays.hashCode(Files.readAllBytes(file))).append('\n');
      }
      return all.toString();
    }
  }

  /** ca-cert.pem (and the head of cert-chain.pem) replaced by a leaf certificate, with its key. */
  public void replaceCaCertWithALeaf() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(256);
    KeyPair keys = generator.generateKeyPair();
    Instant now = Instant.now();
    X500Principal subject = new X500Principal("CN=not-a-ca");
    JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, BigInteger.valueOf(now.toEpochMilli()),
        Date.from(now.minus(Duration.ofMinutes(1))), Date.from(now.plus(Duration.ofDays(1))), subject, keys.getPublic());
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
    X509Certificate leaf = new JcaX509CertificateConverter()
        .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
    Files.writeString(directory.resolve(CaDirectory.CA_CERT), pem(leaf));
    Files.writeString(directory.resolve(CaDirectory.CERT_CHAIN), pem(leaf, ca.root()));
    // PKCS#8 written by hand: BouncyCastle's PEM writer loses the curve of a JDK EC key
    Files.writeString(directory.resolve(CaDirectory.CA_KEY), "-----BEGIN PRIVATE KEY-----\n"
        + java.util.Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
            .encodeToString(keys.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n");
  }

  private static String pem(Object... objects) throws IOException {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      for (Object object : objects) {
        writer.writeObject(object);
      }
    }
    return text.toString();
  }
}
