package dev.meshlog.proxy.identity;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;

/**
 * The credential of a renewal (kind CERTIFICATE): the bootstrap token was single-use, so the proxy
 * proves its identity with what it holds now. The value is the current chain in PEM, leaf first,
 * followed by the line {@code signature: <base64>}: SHA256withECDSA over the new CSR's DER, made
 * with the current private key. The signer checks that the chain is its own and valid, names the
 * identity asked for, and that the signature verifies with the current leaf's key: only the holder
 * of the current key can renew, and a captured value cannot be replayed with another CSR.
 */
public final class RenewalCredential {

  public static final String SIGNATURE_PREFIX = "signature: ";
  public static final String ALGORITHM = "SHA256withECDSA";

  private RenewalCredential() {}

  public static String value(List<X509Certificate> currentChain, PrivateKey currentKey, byte[] newCsrDer) {
    return pem(currentChain) + SIGNATURE_PREFIX + Base64.getEncoder().encodeToString(sign(currentKey, newCsrDer)) + "\n";
  }

  static byte[] sign(PrivateKey key, byte[] data) {
    try {
      Signature signature = Signature.getInstance(ALGORITHM);
      signature.initSign(key);
      signature.update(data);
      return signature.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign the renewal request with the current key", e);
    }
  }

  /** The certificates as concatenated PEM blocks, in order. */
  public static String pem(List<X509Certificate> chain) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      for (X509Certificate certificate : chain) {
        writer.writeObject(certificate);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }
}
