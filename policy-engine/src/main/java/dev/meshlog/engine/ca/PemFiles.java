package dev.meshlog.engine.ca;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;

/** Reads certificates and private keys from PEM files; every failure names the file and why. */
final class PemFiles {

  private PemFiles() {}

  /** All CERTIFICATE blocks of the file, in order; at least one. */
  static List<X509Certificate> readCertificates(Path file) {
    List<X509Certificate> certificates = new ArrayList<>();
    for (Object block : readBlocks(file)) {
      if (!(block instanceof X509CertificateHolder holder)) {
        throw new CaFileException(file, "expected only CERTIFICATE blocks, found " + describe(block));
      }
      try {
        certificates.add(new JcaX509CertificateConverter().getCertificate(holder));
      } catch (CertificateException e) {
        throw new CaFileException(file, "corrupt certificate: " + e.getMessage(), e);
      }
    }
    if (certificates.isEmpty()) {
      throw new CaFileException(file, "no PEM CERTIFICATE block found");
    }
    return List.copyOf(certificates);
  }

  static X509Certificate readCertificate(Path file) {
    List<X509Certificate> certificates = readCertificates(file);
    if (certificates.size() != 1) {
      throw new CaFileException(file, "expected one certificate, found " + certificates.size());
    }
    return certificates.get(0);
  }

  /**
   * One private key: ENCRYPTED PRIVATE KEY (needs the passphrase), or, as Istio's cacerts ship
   * them, an unencrypted PKCS#8 PRIVATE KEY or PKCS#1/SEC1 RSA/EC PRIVATE KEY.
   */
  static PrivateKey readPrivateKey(Path file, char[] passphrase) {
    List<Object> blocks = readBlocks(file);
    if (blocks.size() != 1) {
      throw new CaFileException(file, "expected one private key block, found " + blocks.size());
    }
    Object block = blocks.get(0);
    JcaPEMKeyConverter converter = new JcaPEMKeyConverter().setProvider(CaCrypto.BC);
    try {
      if (block instanceof PKCS8EncryptedPrivateKeyInfo encrypted) {
        if (passphrase == null || passphrase.length == 0) {
          throw new CaFileException(file, "key is encrypted but no passphrase was given");
        }
        PrivateKeyInfo info = encrypted.decryptPrivateKeyInfo(
            new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(CaCrypto.BC).build(passphrase));
        return converter.getPrivateKey(info);
      }
      if (block instanceof PrivateKeyInfo info) {
        return converter.getPrivateKey(info);
      }
      if (block instanceof PEMKeyPair pair) {
        // Only the private half: a SEC1 "EC PRIVATE KEY" may omit its public key, and getKeyPair would fail.
        return converter.getPrivateKey(pair.getPrivateKeyInfo());
      }
    } catch (PKCSException e) {
      // AES-CBC with a wrong key almost always fails the padding or the inner DER parse.
      throw new CaFileException(file, "cannot decrypt the key: wrong passphrase or corrupt file", e);
    } catch (org.bouncycastle.operator.OperatorCreationException | IOException e) {
      throw new CaFileException(file, "corrupt private key: " + e.getMessage(), e);
    }
    throw new CaFileException(file, "expected a private key, found " + describe(block));
  }

  /** PEM text of the objects (certificates or PEM generators), in order. */
  static String toPem(List<?> objects) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      for (Object object : objects) {
        writer.writeObject(object);
      }
    } catch (IOException e) {
      throw new IllegalStateException("PEM encoding failed", e);
    }
    return out.toString();
  }

  private static List<Object> readBlocks(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (NoSuchFileException e) {
      throw new CaFileException(file, "file is missing", e);
    } catch (IOException e) {
      throw new CaFileException(file, "cannot read: " + e, e);
    }
    List<Object> blocks = new ArrayList<>();
    try (PEMParser parser = new PEMParser(new StringReader(text))) {
      for (Object block = parser.readObject(); block != null; block = parser.readObject()) {
        blocks.add(block);
      }
    } catch (IOException | RuntimeException e) {
      throw new CaFileException(file, "corrupt PEM: " + e.getMessage(), e);
    }
    if (blocks.isEmpty()) {
      throw new CaFileException(file, "no PEM block found (empty or not PEM)");
    }
    return blocks;
  }

  private static String describe(Object block) {
    return block.getClass().getSimpleName();
  }
}
