package dev.meshlog.engine.ca.checkpoint;

import dev.meshlog.avro.PolicyCheckpoint;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Set;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * What a {@link PolicyCheckpoint} signature covers, and the signing and checking of it. The signed
 * bytes are the UTF-8 of {@code trustDomain|topic|partition|offset|sequence|hash|envelope.time millis}
 * (the schema's doc): the signer and every verifier build them here, so they cannot drift apart.
 */
public final class CheckpointSignature {

  /** The algorithms a checkpoint may name: SHA-256 with the families the CA's keys come in. */
  public static final Set<String> ALGORITHMS = Set.of("SHA256withECDSA", "SHA256withRSA");

  // CA keys read from PEM are BouncyCastle keys ("ECDSA"), which the JDK's SunEC refuses to sign with;
  // an explicit instance, never registered, as the CA itself does (CaCrypto)
  private static final Provider BC = new BouncyCastleProvider();

  private CheckpointSignature() {}

  public static byte[] payload(PolicyCheckpoint checkpoint) {
    String text = String.join("|", checkpoint.getTrustDomain(), checkpoint.getTopic(),
        Integer.toString(checkpoint.getPartition()), Long.toString(checkpoint.getOffset()),
        Long.toString(checkpoint.getSequence()), checkpoint.getHash(),
        Long.toString(checkpoint.getEnvelope().getTime().toEpochMilli()));
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** SHA-256 with the signature family of {@code key} (ECDSA for the mesh's own CA, RSA for some plug-in CAs). */
  public static String algorithmFor(PrivateKey key) {
    return switch (key.getAlgorithm()) {
      case "EC", "ECDSA" -> "SHA256withECDSA";
      case "RSA" -> "SHA256withRSA";
      default -> throw new IllegalArgumentException("unsupported CA key algorithm " + key.getAlgorithm());
    };
  }

  static byte[] sign(PolicyCheckpoint unsigned, PrivateKey key) {
    try {
      Signature signature = Signature.getInstance(algorithmFor(key), BC);
      signature.initSign(key);
      signature.update(payload(unsigned));
      return signature.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign a policy checkpoint with the CA key", e);
    }
  }

  /**
   * True when {@code checkpoint}'s signature is valid for {@code key} under the algorithm it names;
   * false for a wrong key, an altered field, or an algorithm outside {@link #ALGORITHMS}.
   */
  public static boolean verify(PolicyCheckpoint checkpoint, PublicKey key) {
    if (!ALGORITHMS.contains(checkpoint.getSignatureAlgorithm())) {
      return false;
    }
    try {
      Signature signature = Signature.getInstance(checkpoint.getSignatureAlgorithm());
      signature.initVerify(key);
      signature.update(payload(checkpoint));
      byte[] bytes = new byte[checkpoint.getSignature().remaining()];
      checkpoint.getSignature().duplicate().get(bytes);
      return signature.verify(bytes);
    } catch (GeneralSecurityException e) {
      return false; // a key of another family, or a malformed signature: not valid either way
    }
  }
}
