package dev.meshlog.proxy.mtls;

import java.util.Objects;

/**
 * How one upstream connection is made: plain, or mutual TLS with the server's SPIFFE identity
 * checked. Part of the key of pooled connections, so a pool never hands a plain connection to a
 * request that must go over mTLS, or the other way round.
 */
public sealed interface UpstreamSecurity {

  Plaintext PLAINTEXT = new Plaintext();

  /** Istio's decision for one endpoint of a cluster. */
  static UpstreamSecurity decide(UpstreamTlsMode mode, String endpointIdentity, boolean haveCertificate) {
    return switch (mode) {
      case DISABLE -> PLAINTEXT;
      case ISTIO_MUTUAL -> new MutualTls(endpointIdentity);
      // Auto mTLS: only peers known to hold a mesh identity, and only once we can present ours.
      case AUTO -> !endpointIdentity.isEmpty() && haveCertificate ? new MutualTls(endpointIdentity) : PLAINTEXT;
    };
  }

  record Plaintext() implements UpstreamSecurity {
  }

  /** @param expectedIdentity the SPIFFE URI the server must present; empty = any identity of our trust domain */
  record MutualTls(String expectedIdentity) implements UpstreamSecurity {
    public MutualTls {
      Objects.requireNonNull(expectedIdentity, "expectedIdentity");
    }
  }
}
