package dev.meshlog.proxy.balance;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A cluster's load-balancing policy, as a snapshot's {@code ClusterConfig} states it.
 *
 * @param kind the algorithm
 * @param hashOn what ring hash hashes; empty for the other kinds, and for a ring hash without a
 *     policy, which then picks at random like Envoy does for a request without a hash key
 * @param minimumRingSize ring hash entries at least (Envoy's and Istio's default 1024)
 */
public record LoadBalancing(Kind kind, Optional<HashPolicy> hashOn, long minimumRingSize) {

  /** Envoy's {@code minimum_ring_size} default, also Istio's. */
  public static final long DEFAULT_MINIMUM_RING_SIZE = 1024;

  public static final LoadBalancing ROUND_ROBIN = new LoadBalancing(Kind.ROUND_ROBIN, Optional.empty(), DEFAULT_MINIMUM_RING_SIZE);
  public static final LoadBalancing LEAST_REQUEST = new LoadBalancing(Kind.LEAST_REQUEST, Optional.empty(), DEFAULT_MINIMUM_RING_SIZE);
  public static final LoadBalancing RANDOM = new LoadBalancing(Kind.RANDOM, Optional.empty(), DEFAULT_MINIMUM_RING_SIZE);

  /** The algorithms, spelled as the snapshot's {@code loadBalancer} field spells them. */
  public enum Kind {
    ROUND_ROBIN, LEAST_REQUEST, RANDOM, RING_HASH;

    /** {@code "LEAST_REQUEST"} -> {@link #LEAST_REQUEST}; an unknown name is rejected naming it. */
    public static Kind parse(String name) {
      try {
        return valueOf(Objects.requireNonNull(name, "loadBalancer").trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("unknown loadBalancer " + name + ", expected one of ROUND_ROBIN, LEAST_REQUEST, RANDOM, RING_HASH", e);
      }
    }
  }

  public LoadBalancing {
    Objects.requireNonNull(kind, "kind");
    hashOn = Objects.requireNonNullElse(hashOn, Optional.empty());
    if (hashOn.isPresent() && kind != Kind.RING_HASH) {
      throw new IllegalArgumentException(kind + " takes no hash policy, got " + hashOn.get());
    }
    if (minimumRingSize < 1) {
      throw new IllegalArgumentException("minimumRingSize must be positive, got " + minimumRingSize);
    }
  }

  /** A ring hash on {@code hashOn} with at least {@code minimumRingSize} entries. */
  public static LoadBalancing ringHash(HashPolicy hashOn, long minimumRingSize) {
    return new LoadBalancing(Kind.RING_HASH, Optional.of(hashOn), minimumRingSize);
  }
}
