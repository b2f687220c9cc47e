package dev.meshlog.ingest.analysis;

import dev.meshlog.avro.DestinationRuleSpec;
import dev.meshlog.avro.SubsetSpec;
import dev.meshlog.avro.VirtualServiceSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * IST0101: a route to a subset that no DestinationRule for its host defines. Envoy has no cluster for
 * it, so the request fails. Reported on a candidate VirtualService that names the subset, and on a
 * candidate DestinationRule change (or deletion) that takes away a subset a mesh VirtualService uses.
 */
final class SubsetReferenceCheck implements Check {

  @Override
  public List<Finding> run(AnalysisContext context) {
    List<Resource<DestinationRuleSpec>> rules = context.all(DestinationRuleSpec.class);
    List<Finding> findings = new ArrayList<>();
    for (Resource<VirtualServiceSpec> vs : context.all(VirtualServiceSpec.class)) {
      for (RouteDestinations.Ref ref : RouteDestinations.of(vs.spec())) {
        if (ref.subset().isEmpty() || defines(rules, ref.host(), ref.subset().get())) {
          continue;
        }
        String subset = ref.subset().get();
        if (vs.candidate()) {
          findings.add(vs.finding(Message.REFERENCED_SUBSET_NOT_FOUND, ref.subsetPath(),
              "Referenced subset not found: \"" + subset + "\": no DestinationRule for host " + ref.host()
                  + " defines it, so requests routed here fail"));
        } else {
          findings.addAll(blameChanges(context, vs, ref, subset));
        }
      }
    }
    return findings;
  }

  /** The candidate changes that removed a subset a mesh VirtualService still routes to. */
  private static List<Finding> blameChanges(AnalysisContext context, Resource<VirtualServiceSpec> vs,
      RouteDestinations.Ref ref, String subset) {
    List<Finding> findings = new ArrayList<>();
    String text = "subset \"" + subset + "\" of host " + ref.host() + " is still referenced by " + vs.subject()
        + " at " + ref.subsetPath() + "; requests routed there will fail";
    for (Resource<DestinationRuleSpec> before : context.before(DestinationRuleSpec.class)) {
      if (!defines(List.of(before), ref.host(), subset)) {
        continue;
      }
      for (Resource<DestinationRuleSpec> changed : context.candidates(DestinationRuleSpec.class)) {
        if (changed.subject().equals(before.subject())) {
          findings.add(changed.finding(Message.REFERENCED_SUBSET_NOT_FOUND, "spec.subsets",
              "This change removes " + text));
        }
      }
      for (Resource<DestinationRuleSpec> deleted : context.deletions(DestinationRuleSpec.class)) {
        if (deleted.subject().equals(before.subject())) {
          findings.add(deleted.finding(Message.REFERENCED_SUBSET_NOT_FOUND, "", "Deleting this removes " + text));
        }
      }
    }
    return findings;
  }

  /** Whether a rule whose host covers {@code host} defines the subset (any matching rule will do, to stay quiet when unsure). */
  static boolean defines(List<Resource<DestinationRuleSpec>> rules, String host, String subset) {
    for (Resource<DestinationRuleSpec> rule : rules) {
      if (!HostPatterns.covers(rule.spec().getHost(), host)) {
        continue;
      }
      for (SubsetSpec s : rule.spec().getSubsets()) {
        if (s.getName().equals(subset)) {
          return true;
        }
      }
    }
    return false;
  }
}
