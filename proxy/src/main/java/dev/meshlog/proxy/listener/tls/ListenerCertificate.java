package dev.meshlog.proxy.listener.tls;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a TLS listener's certificate chain and private key (PKCS#8) live, as PEM files.
 *
 * @param certChainPem the listener's certificate first, then any intermediates
 * @param keyPem the certificate's private key, unencrypted PKCS#8
 */
public record ListenerCertificate(Path certChainPem, Path keyPem) {

  public ListenerCertificate {
    Objects.requireNonNull(certChainPem, "certChainPem");
    Objects.requireNonNull(keyPem, "keyPem");
  }

  /** The server TLS context with ALPN (h2, http/1.1); fails at start-up when the files are unusable. */
  public ServerTls serverTls() {
    return ServerTls.fromPem(certChainPem, keyPem);
  }
}
