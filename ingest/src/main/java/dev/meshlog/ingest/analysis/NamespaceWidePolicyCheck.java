package dev.meshlog.ingest.analysis;

import dev.meshlog.avro.PeerAuthenticationSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * MSH0006: more than one PeerAuthentication without a selector in one namespace. Only one
 * namespace-wide (in the root namespace: mesh-wide) policy can apply; Istio picks the oldest, so the
 * effective mTLS mode depends on creation order. Istio's analyzer has no code for this.
 */
final class NamespaceWidePolicyCheck implements Check {

  @Override
  public List<Finding> run(AnalysisContext context) {
    List<Resource<PeerAuthenticationSpec>> all = context.all(PeerAuthenticationSpec.class);
    List<Finding> findings = new ArrayList<>();
    for (Resource<PeerAuthenticationSpec> policy : all) {
      if (!policy.candidate() || !policy.spec().getSelector().isEmpty()) {
        continue;
      }
      List<String> others = new ArrayList<>();
      for (Resource<PeerAuthenticationSpec> other : all) {
        if (!other.subject().equals(policy.subject()) && other.namespace().equals(policy.namespace())
            && other.spec().getSelector().isEmpty()) {
          others.add(other.subject());
        }
      }
      if (!others.isEmpty()) {
        String scope = policy.namespace().equals(Kinds.ROOT_NAMESPACE) ? "mesh-wide" : "namespace-wide";
        findings.add(policy.finding(Message.MULTIPLE_NAMESPACE_WIDE_POLICIES, "spec.selector",
            "The PeerAuthentications " + policy.subject() + ", " + String.join(", ", others) + " in namespace "
                + policy.namespace() + " have no selector; only one " + scope
                + " policy takes effect and which one is undefined"));
      }
    }
    return findings;
  }
}
