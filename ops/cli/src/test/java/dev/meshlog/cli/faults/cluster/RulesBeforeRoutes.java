package dev.meshlog.cli.faults.cluster;

import dev.meshlog.avro.DestinationRuleSpec;
import dev.meshlog.avro.PolicyEvent;
import dev.meshlog.avro.VirtualServiceSpec;
import dev.meshlog.avro.WeightedDestination;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Istio's make-before-break, checked on the accepted log: a VirtualService routing to a subset must come after a
 * DestinationRule of that host. Otherwise the snapshots folded in between route to a subset with no endpoint and the
 * client's sidecar answers 503 UH, a failure the data plane cannot be blamed for. With several command partitions,
 * subjects sent together are accepted in any order, so a test must send the rules first and wait for them.
 */
final class RulesBeforeRoutes {

  private RulesBeforeRoutes() {}

  /** The first VirtualService event that routes to a subset of a host no earlier DestinationRule event covers. */
  static Optional<String> firstRouteBeforeItsRule(List<PolicyEvent> events) {
    Set<String> ruled = new HashSet<>();
    for (PolicyEvent event : events) {
      if (event.getSpec() instanceof DestinationRuleSpec rule) {
        ruled.add(rule.getHost());
      } else if (event.getSpec() instanceof VirtualServiceSpec routes) {
        Optional<String> orphan = routes.getHttp().stream().flatMap(r -> r.getRoute().stream())
            .filter(d -> d.getSubset() != null && !d.getSubset().isEmpty() && !ruled.contains(d.getHost()))
            .map(WeightedDestination::getHost).findFirst();
        if (orphan.isPresent()) {
          return Optional.of(event.getEnvelope().getSubject() + " (sequence " + event.getSequence() + ") routes to subsets of "
              + orphan.get() + " before any DestinationRule of it");
        }
      }
    }
    return Optional.empty();
  }
}
