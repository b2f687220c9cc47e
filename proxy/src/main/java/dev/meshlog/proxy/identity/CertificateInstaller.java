package dev.meshlog.proxy.identity;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Where a newly issued certificate goes: the sidecar's TLS contexts. Called once per issuance, from
 * the certificate client's own thread, never with a key whose certificate failed the checks.
 */
@FunctionalInterface
public interface CertificateInstaller {

  /**
   * @param key the workload's private key, made in this process
   * @param chain leaf first, then the intermediates up to (not including) the root
   */
  void install(PrivateKey key, List<X509Certificate> chain);
}
