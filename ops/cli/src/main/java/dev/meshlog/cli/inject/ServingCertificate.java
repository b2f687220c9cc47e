package dev.meshlog.cli.inject;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaMiscPEMGenerator;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * The webhook's TLS identity: its key, its chain (leaf first), and the CA certificate the API server
 * must trust ({@code caBundle} of the MutatingWebhookConfiguration). {@link #toString()} shows no key.
 */
public record ServingCertificate(PrivateKey key, List<X509Certificate> chain, X509Certificate caCertificate) {

  public ServingCertificate {
    Objects.requireNonNull(key, "key");
    chain = List.copyOf(chain);
    if (chain.isEmpty()) {
      throw new IllegalArgumentException("a serving certificate needs at least its leaf");
    }
    Objects.requireNonNull(caCertificate, "caCertificate");
  }

  /**
   * From PEM files, e.g. cert-manager's {@code tls.crt} / {@code tls.key}; the caBundle shown is the
   * chain file's last certificate (the issuer to trust when the file holds the chain up to it).
   */
  public static ServingCertificate fromPem(Path certFile, Path keyFile) {
    List<X509Certificate> chain = new ArrayList<>();
    try (Reader reader = Files.newBufferedReader(certFile, StandardCharsets.US_ASCII); PEMParser pem = new PEMParser(reader)) {
      for (Object block = pem.readObject(); block != null; block = pem.readObject()) {
        if (block instanceof X509CertificateHolder holder) {
          chain.add(new JcaX509CertificateConverter().getCertificate(holder));
        }
      }
    } catch (IOException | CertificateException e) {
      throw new IllegalArgumentException("--tls-cert " + certFile + ": cannot read: " + e.getMessage(), e);
    }
    if (chain.isEmpty()) {
      throw new IllegalArgumentException("--tls-cert " + certFile + ": no CERTIFICATE block");
    }
    PrivateKey key;
    try (Reader reader = Files.newBufferedReader(keyFile, StandardCharsets.US_ASCII); PEMParser pem = new PEMParser(reader)) {
      Object block = pem.readObject();
      // BouncyCastle reads every form (PKCS#8, SEC1 "EC PRIVATE KEY", PKCS#1); the JDK then gets a
      // PKCS#8 re-encoding with the curve named, which its own TLS signer accepts.
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter().setProvider(new BouncyCastleProvider());
      PrivateKey parsed;
      if (block instanceof PEMKeyPair pair) {
        parsed = converter.getPrivateKey(pair.getPrivateKeyInfo());
      } else if (block instanceof PrivateKeyInfo info) {
        parsed = converter.getPrivateKey(info);
      } else {
        throw new IllegalArgumentException("--tls-key " + keyFile + ": no unencrypted PRIVATE KEY block");
      }
      String algorithm = parsed.getAlgorithm().startsWith("EC") ? "EC" : parsed.getAlgorithm();
      key = KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(parsed.getEncoded()));
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("--tls-key " + keyFile + ": cannot read: " + e.getMessage(), e);
    }
    return new ServingCertificate(key, chain, chain.get(chain.size() - 1));
  }

  /** A TLS server context presenting this chain. */
  public SSLContext sslContext() {
    try {
      char[] password = new char[0];
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("webhook", key, password, chain.toArray(new X509Certificate[0]));
      KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(store, password);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), null, null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build the webhook's TLS context: " + e.getMessage(), e);
    }
  }

  /** The CA certificate as PEM. */
  public String caPem() {
    StringWriter out = new StringWriter();
    try (PemWriter writer = new PemWriter(out)) {
      writer.writeObject(new JcaMiscPEMGenerator(caCertificate));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** What goes into the MutatingWebhookConfiguration's {@code clientConfig.caBundle}: the CA PEM, base64. */
  public String caBundle() {
    return Base64.getEncoder().encodeToString(caPem().getBytes(StandardCharsets.US_ASCII));
  }

  @Override
  public String toString() {
    return "ServingCertificate[subject=" + chain.get(0).getSubjectX500Principal().getName()
        + ", notAfter=" + chain.get(0).getNotAfter().toInstant() + "]";
  }
}
