package dev.meshlog.ingest.analysis;

import dev.meshlog.avro.AuthorizationPolicySpec;
import dev.meshlog.avro.AuthzAction;
import java.util.ArrayList;
import java.util.List;

/**
 * Candidate AuthorizationPolicies without rules. An ALLOW policy with no rules matches nothing, so
 * it denies every request to its workloads (MSH0004; sometimes intended, as Istio's allow-nothing
 * pattern, hence a warning). A DENY or AUDIT policy with no rules matches nothing and does nothing (IST0167).
 */
final class EmptyAuthorizationPolicyCheck implements Check {

  @Override
  public List<Finding> run(AnalysisContext context) {
    List<Finding> findings = new ArrayList<>();
    for (Resource<AuthorizationPolicySpec> policy : context.candidates(AuthorizationPolicySpec.class)) {
      if (!policy.spec().getRules().isEmpty()) {
        continue;
      }
      AuthzAction action = policy.spec().getAction();
      if (action == AuthzAction.ALLOW) {
        findings.add(policy.finding(Message.ALLOW_NOTHING, "spec.rules",
            "This ALLOW policy has no rules, so it matches nothing and denies every request to the workloads it"
                + " selects (selector " + Labels.format(policy.spec().getSelector()) + ")"));
      } else {
        findings.add(policy.finding(Message.INEFFECTIVE_POLICY, "spec.rules",
            "The policy has no impact: a " + action + " policy with no rules matches no request"));
      }
    }
    return findings;
  }
}
