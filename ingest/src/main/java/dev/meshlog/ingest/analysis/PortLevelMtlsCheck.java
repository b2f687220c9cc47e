package dev.meshlog.ingest.analysis;

import dev.meshlog.avro.PeerAuthenticationSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * IST0167: portLevelMtls on a PeerAuthentication without a selector. Ports belong to workloads, and
 * Istio applies port-level modes only to policies that select workloads, so these settings do nothing.
 */
final class PortLevelMtlsCheck implements Check {

  @Override
  public List<Finding> run(AnalysisContext context) {
    List<Finding> findings = new ArrayList<>();
    for (Resource<PeerAuthenticationSpec> policy : context.candidates(PeerAuthenticationSpec.class)) {
      if (policy.spec().getSelector().isEmpty() && !policy.spec().getPortLevelMtls().isEmpty()) {
        findings.add(policy.finding(Message.INEFFECTIVE_POLICY, "spec.portLevelMtls",
            "The policy has no impact: portLevelMtls applies only to a PeerAuthentication with a selector"));
      }
    }
    return findings;
  }
}
