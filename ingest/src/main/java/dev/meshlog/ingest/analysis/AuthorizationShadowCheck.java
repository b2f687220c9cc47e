package dev.meshlog.ingest.analysis;

import dev.meshlog.avro.AuthorizationPolicySpec;
import dev.meshlog.avro.AuthzAction;
import dev.meshlog.avro.AuthzRule;
import java.util.ArrayList;
import java.util.List;

/**
 * MSH0003: an ALLOW rule that can never grant, because a DENY rule on (at least) the same workloads
 * matches every request it matches, and DENY is evaluated before ALLOW. To stay sound this reports
 * only what is certain: the DENY policy's scope contains the ALLOW policy's (same namespace or the
 * root namespace, and a selector requiring no label the ALLOW selector does not), and every part of
 * the DENY rule is absent or identical to the ALLOW rule's ({@code from}, {@code to}, {@code when}).
 * Reported on the ALLOW rule when that policy is a candidate, otherwise on the candidate DENY rule.
 */
final class AuthorizationShadowCheck implements Check {

  @Override
  public List<Finding> run(AnalysisContext context) {
    List<Resource<AuthorizationPolicySpec>> policies = context.all(AuthorizationPolicySpec.class);
    List<Finding> findings = new ArrayList<>();
    for (Resource<AuthorizationPolicySpec> allow : policies) {
      if (allow.spec().getAction() != AuthzAction.ALLOW) {
        continue;
      }
      for (Resource<AuthorizationPolicySpec> deny : policies) {
        if (deny.spec().getAction() != AuthzAction.DENY || !(allow.candidate() || deny.candidate())
            || !scopeContains(deny, allow)) {
          continue;
        }
        findings.addAll(compareRules(allow, deny));
      }
    }
    return findings;
  }

  private static List<Finding> compareRules(Resource<AuthorizationPolicySpec> allow, Resource<AuthorizationPolicySpec> deny) {
    List<Finding> findings = new ArrayList<>();
    List<AuthzRule> allowRules = allow.spec().getRules();
    List<AuthzRule> denyRules = deny.spec().getRules();
    for (int i = 0; i < allowRules.size(); i++) {
      for (int j = 0; j < denyRules.size(); j++) {
        if (!covers(denyRules.get(j), allowRules.get(i))) {
          continue;
        }
        String allowPath = "spec.rules[" + i + "]";
        String denyPath = "spec.rules[" + j + "]";
        if (allow.candidate()) {
          findings.add(allow.finding(Message.UNREACHABLE_AUTHORIZATION_RULE, allowPath,
              "This ALLOW rule never grants anything: DENY rule " + denyPath + " of " + deny.subject()
                  + " applies to the same workloads and matches every request it matches"));
        } else {
          findings.add(deny.finding(Message.UNREACHABLE_AUTHORIZATION_RULE, denyPath,
              "This DENY rule matches every request that ALLOW rule " + allowPath + " of " + allow.subject()
                  + " matches on the same workloads, so that rule can never grant anything"));
        }
        break;
      }
    }
    return findings;
  }

  /** Whether every workload the ALLOW policy applies to, the DENY policy applies to as well. */
  static boolean scopeContains(Resource<AuthorizationPolicySpec> deny, Resource<AuthorizationPolicySpec> allow) {
    boolean namespaceCovers = deny.namespace().equals(allow.namespace()) || deny.namespace().equals(Kinds.ROOT_NAMESPACE);
    return namespaceCovers && Labels.containsAll(allow.spec().getSelector(), deny.spec().getSelector());
  }

  /** Whether every request {@code allow} matches, {@code deny} matches: each DENY part absent or identical. */
  static boolean covers(AuthzRule deny, AuthzRule allow) {
    return (deny.getFrom().isEmpty() || deny.getFrom().equals(allow.getFrom()))
        && (deny.getTo().isEmpty() || deny.getTo().equals(allow.getTo()))
        && (deny.getWhen().isEmpty() || deny.getWhen().equals(allow.getWhen()));
  }
}
