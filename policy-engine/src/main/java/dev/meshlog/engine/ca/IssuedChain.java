package dev.meshlog.engine.ca;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A workload's certificate chain, leaf first, then the signing CA and any intermediates, then the
 * root. Public material only: the workload's private key never came near the CA.
 */
public record IssuedChain(List<X509Certificate> certificates) {

  public IssuedChain {
    if (certificates.size() < 2) {
      throw new IllegalArgumentException("a chain holds at least the leaf and its issuer");
    }
    certificates = List.copyOf(certificates);
  }

  public X509Certificate leaf() {
    return certificates.get(0);
  }

  public X509Certificate root() {
    return certificates.get(certificates.size() - 1);
  }

  /** The whole chain, leaf to root, as concatenated PEM. */
  public String pem() {
    return PemFiles.toPem(certificates);
  }

  /** The chain without the root: what a TLS peer sends (the root comes from the trust bundle). */
  public String presentedChainPem() {
    return PemFiles.toPem(certificates.subList(0, certificates.size() - 1));
  }
}
