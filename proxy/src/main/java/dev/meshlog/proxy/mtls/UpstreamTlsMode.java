package dev.meshlog.proxy.mtls;

/**
 * A cluster's DestinationRule {@code tls.mode}: {@link #AUTO} when the rule sets none, which is
 * Istio's auto mTLS (mutual TLS to endpoints that have a mesh identity, while this proxy has a certificate).
 */
public enum UpstreamTlsMode {
  AUTO, DISABLE, ISTIO_MUTUAL
}
