package dev.meshlog.ingest.policy.model;

import java.util.Optional;

/**
 * An Istio HTTPRouteDestination. The weight stays optional here because "omitted" is meaningful in
 * a document (a sole destination may omit it; two or more may not); a typed command always has one.
 */
public record Destination(String host, Optional<String> subset, Optional<Integer> port, Optional<Integer> weight) {

  /** The weight traffic is split by: an omitted weight (only valid on a sole destination) is 100. */
  public int effectiveWeight() {
    return weight.orElse(100);
  }
}
