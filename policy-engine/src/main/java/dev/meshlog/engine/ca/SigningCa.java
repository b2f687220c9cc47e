package dev.meshlog.engine.ca;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The CA that signs workload certificates: its certificate and key, the certificates between it
 * and the root (empty for the mesh's own two-level CA), and the root.
 *
 * <p>Only the signer and the loaders ever hold this; the private key never leaves it, and
 * {@link #toString()} is overridden so a log line or a failed assertion cannot print key material.
 */
public record SigningCa(X509Certificate certificate, PrivateKey privateKey,
    List<X509Certificate> intermediates, X509Certificate root) {

  public SigningCa {
    Objects.requireNonNull(certificate, "certificate");
    Objects.requireNonNull(privateKey, "privateKey");
    Objects.requireNonNull(root, "root");
    intermediates = List.copyOf(intermediates);
  }

  /** The issuer's chain as a leaf's chain continues it: this CA, intermediates, root. */
  public List<X509Certificate> chain() {
    List<X509Certificate> chain = new ArrayList<>();
    chain.add(certificate);
    chain.addAll(intermediates);
    if (!certificate.equals(root)) {
      chain.add(root);
    }
    return List.copyOf(chain);
  }

  public TrustBundle trustBundle() {
    return TrustBundle.of(root);
  }

  @Override
  public String toString() {
    return "SigningCa[subject=" + certificate.getSubjectX500Principal().getName()
        + ", notAfter=" + certificate.getNotAfter().toInstant()
        + ", root=" + root.getSubjectX500Principal().getName() + "]";
  }
}
