package dev.meshlog.engine.ca;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Key generation and signing for the CA.
 *
 * <p>CA keys are EC P-256 with SHA256withECDSA: every TLS 1.2/1.3 stack we meet (JDK, Netty with
 * OpenSSL/BoringSSL, Envoy) supports it, keys are generated in milliseconds (RSA 2048 takes
 * hundreds on this 2-core box, which matters when every workload rotates daily), and handshakes
 * carry smaller certificates. Istio's default is RSA 2048; plug-in CAs with RSA keys still work
 * because signing picks the algorithm from the key.
 *
 * <p>The BouncyCastle provider is used as an explicit instance, never registered globally, so the
 * CA does not change which provider the rest of the JVM (Kafka, Netty TLS) gets.
 */
final class CaCrypto {

  static final Provider BC = new BouncyCastleProvider();
  static final SecureRandom RANDOM = new SecureRandom();

  private CaCrypto() {}

  static KeyPair newCaKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("EC P-256 key generation is not available in this JVM", e);
    }
  }

  /** SHA-256 with the signature family that matches the CA key (ECDSA or RSA PKCS#1 v1.5). */
  static String signatureAlgorithm(PrivateKey key) {
    return switch (key.getAlgorithm()) {
      case "EC", "ECDSA" -> "SHA256withECDSA";
      case "RSA" -> "SHA256withRSA";
      default -> throw new IllegalArgumentException("unsupported CA key algorithm " + key.getAlgorithm());
    };
  }

  static ContentSigner signer(PrivateKey key) {
    try {
      return new JcaContentSignerBuilder(signatureAlgorithm(key)).setProvider(BC).build(key);
    } catch (OperatorCreationException e) {
      throw new IllegalStateException("cannot sign with the CA key", e);
    }
  }
}
