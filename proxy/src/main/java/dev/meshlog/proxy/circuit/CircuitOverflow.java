package dev.meshlog.proxy.circuit;

/**
 * A circuit breaker refused a request (Envoy's {@code UO}: 503 at once). Thrown often under
 * overload, so it is one shared instance without a stack trace.
 */
public final class CircuitOverflow extends RuntimeException {

  public static final CircuitOverflow INSTANCE = new CircuitOverflow();

  private CircuitOverflow() {
    super("upstream overflow: circuit breaker open", null, false, false);
  }
}
