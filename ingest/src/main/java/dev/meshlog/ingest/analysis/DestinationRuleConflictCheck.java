package dev.meshlog.ingest.analysis;

import dev.meshlog.avro.DestinationRuleSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * MSH0005: two DestinationRules for the same host. A host gets one traffic policy and one set of
 * subsets, so what the two rules add up to depends on an order nobody chose (Istio's analyzer has
 * no current code for this).
 */
final class DestinationRuleConflictCheck implements Check {

  @Override
  public List<Finding> run(AnalysisContext context) {
    List<Resource<DestinationRuleSpec>> rules = context.all(DestinationRuleSpec.class);
    List<Finding> findings = new ArrayList<>();
    for (Resource<DestinationRuleSpec> rule : rules) {
      if (!rule.candidate()) {
        continue;
      }
      List<String> others = new ArrayList<>();
      for (Resource<DestinationRuleSpec> other : rules) {
        if (!other.subject().equals(rule.subject()) && other.spec().getHost().equals(rule.spec().getHost())) {
          others.add(other.subject());
        }
      }
      if (!others.isEmpty()) {
        findings.add(rule.finding(Message.CONFLICTING_DESTINATION_RULES_HOST, "spec.host",
            "Host " + rule.spec().getHost() + " is also the host of " + String.join(", ", others)
                + "; which of their traffic policies and subsets apply is undefined, so merge them into one"));
      }
    }
    return findings;
  }
}
