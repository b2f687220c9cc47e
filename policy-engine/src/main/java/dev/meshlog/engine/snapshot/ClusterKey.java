package dev.meshlog.engine.snapshot;

import java.util.Objects;
import java.util.Optional;

/** What identifies an outbound cluster: host, optional subset, port; named the way Envoy names it. */
public record ClusterKey(String host, Optional<String> subset, int port) {

  /** The service port of the contract: a service's routes and unported destinations use port 80. */
  public static final int DEFAULT_PORT = 80;

  public ClusterKey {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(subset, "subset");
  }

  /** {@code outbound|<port>|<subset or empty>|<host>}. */
  public String name() {
    return "outbound|" + port + "|" + subset.orElse("") + "|" + host;
  }
}
