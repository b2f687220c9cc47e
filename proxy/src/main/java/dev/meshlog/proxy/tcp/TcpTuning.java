package dev.meshlog.proxy.tcp;

import java.time.Duration;
import java.util.Objects;

/**
 * TCP proxying knobs.
 *
 * @param idleTimeout a connection with no byte either way for this long is closed; Istio's default
 *     for TCP is one hour. {@link Duration#ZERO} disables it, as in Envoy
 * @param connectAttempts upstream connects per client connection before it is closed with UF: the
 *     second attempt goes to another endpoint of the picked cluster when it has one. Envoy's
 *     {@code max_connect_attempts} defaults to 1; we default to 2 because without health checks a
 *     stopped sidecar stays an endpoint until the control plane removes it
 */
public record TcpTuning(Duration idleTimeout, int connectAttempts) {

  public static final TcpTuning DEFAULTS = new TcpTuning(Duration.ofHours(1), 2);

  public TcpTuning {
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    if (idleTimeout.isNegative()) {
      throw new IllegalArgumentException("idleTimeout must not be negative, got " + idleTimeout);
    }
    if (connectAttempts < 1) {
      throw new IllegalArgumentException("connectAttempts must be >= 1, got " + connectAttempts);
    }
  }

  public TcpTuning withIdleTimeout(Duration timeout) {
    return new TcpTuning(timeout, connectAttempts);
  }

  public TcpTuning withConnectAttempts(int attempts) {
    return new TcpTuning(idleTimeout, attempts);
  }
}
