package dev.meshlog.proxy.mtls;

import java.security.cert.CertificateException;

/** Thrown by the trust manager for a refused peer; already counted and logged, so handshake failures caused by it are not counted again. */
final class PeerRefusedException extends CertificateException {

  PeerRefusedException(String reason) {
    super(reason);
  }

  /** Whether {@code failure} (a handshake failure) came from a refusal already counted. */
  static boolean causedBy(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof PeerRefusedException) {
        return true;
      }
    }
    return false;
  }
}
