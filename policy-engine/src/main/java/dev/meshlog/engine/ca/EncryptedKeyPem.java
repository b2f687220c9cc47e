package dev.meshlog.engine.ca;

import java.security.PrivateKey;
import java.util.List;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.OutputEncryptor;
import org.bouncycastle.util.io.pem.PemGenerationException;

/**
 * A private key as an ENCRYPTED PRIVATE KEY PEM (PKCS#8, PBES2: PBKDF2-HMAC-SHA256 + AES-256-CBC),
 * the format `openssl pkcs8 -topk8 -v2 aes-256-cbc -v2prf hmacWithSHA256` writes and reads, so an
 * operator can inspect or re-wrap the key with stock tools.
 */
final class EncryptedKeyPem {

  /**
   * PBKDF2 rounds: BC's default (2048) is far below current guidance; 100k costs ~0.1 s once per
   * start, which only a passphrase guesser notices.
   */
  static final int PBKDF2_ITERATIONS = 100_000;

  private EncryptedKeyPem() {}

  static String encrypt(PrivateKey key, char[] passphrase) {
    if (passphrase == null || passphrase.length == 0) {
      throw new IllegalArgumentException("a non-empty passphrase is required to store CA keys");
    }
    try {
      OutputEncryptor encryptor = new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
          .setPRF(PKCS8Generator.PRF_HMACSHA256)
          .setIterationCount(PBKDF2_ITERATIONS)
          .setRandom(CaCrypto.RANDOM)
          .setPassword(passphrase)
          .setProvider(CaCrypto.BC)
          .build();
      return PemFiles.toPem(List.of(new JcaPKCS8Generator(key, encryptor)));
    } catch (OperatorCreationException | PemGenerationException e) {
      throw new IllegalStateException("cannot encrypt the CA key", e);
    }
  }
}
