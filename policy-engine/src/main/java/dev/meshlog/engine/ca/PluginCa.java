package dev.meshlog.engine.ca;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * An operator-supplied CA, as Istio's {@code cacerts} secret: {@code root-cert.pem},
 * {@code ca-cert.pem}, {@code ca-key.pem} and {@code cert-chain.pem} (ca-cert then any
 * intermediates, the root optional at the end, as Istio's tooling writes it). The key may be
 * unencrypted PKCS#8 or PKCS#1/SEC1, as Istio ships it, or encrypted PKCS#8 with a passphrase.
 */
public final class PluginCa {

  private PluginCa() {}

  /** Loads an unencrypted plug-in CA and verifies it at {@code now}. */
  public static SigningCa load(Path directory, Instant now) {
    return load(directory, null, now);
  }

  /** Loads a plug-in CA whose ca-key.pem may be encrypted with {@code passphrase} (null if not). */
  public static SigningCa load(Path directory, char[] passphrase, Instant now) {
    CaDirectory files = new CaDirectory(directory);
    X509Certificate root = PemFiles.readCertificate(files.rootCert());
    X509Certificate caCert = PemFiles.readCertificate(files.caCert());
    List<X509Certificate> chain = PemFiles.readCertificates(files.certChain());
    SigningCa ca = new SigningCa(caCert, PemFiles.readPrivateKey(files.caKey(), passphrase),
        between(files, chain, caCert, root), root);
    CaChainVerifier.verify(files, ca, now);
    return ca;
  }

  /** The certificates strictly between ca-cert and the root, in the chain file's order. */
  private static List<X509Certificate> between(CaDirectory files, List<X509Certificate> chain,
      X509Certificate caCert, X509Certificate root) {
    if (!chain.get(0).equals(caCert)) {
      throw new CaFileException(files.certChain(), "must start with the certificate in " + CaDirectory.CA_CERT);
    }
    List<X509Certificate> intermediates = new ArrayList<>(chain.subList(1, chain.size()));
    intermediates.remove(root);
    return intermediates;
  }
}
