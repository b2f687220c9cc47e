package dev.meshlog.proxy.balance;

/**
 * Whether a balancer may pick an endpoint: outlier detection ejects endpoints, and every balancer
 * skips the ejected ones. Read on every pick, so implementations answer from a volatile field.
 */
public interface HostHealth {

  /** An endpoint nothing ever ejects: the default for tables built without live state. */
  HostHealth ALWAYS_HEALTHY = () -> false;

  boolean isEjected();
}
