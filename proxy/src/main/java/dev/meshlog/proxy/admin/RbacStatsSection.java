package dev.meshlog.proxy.admin;

import dev.meshlog.proxy.admin.PrometheusText.Sample;
import dev.meshlog.proxy.admin.PrometheusText.Type;
import dev.meshlog.proxy.authz.RbacStats;
import java.util.List;
import java.util.Map;

/**
 * The inbound RBAC filter's families on {@code /stats}, named after Envoy's {@code rbac.allowed},
 * {@code rbac.denied} and {@code rbac.shadow_denied} (here: requests an AUDIT policy matched),
 * with denials and audits per policy.
 */
final class RbacStatsSection {

  private static final String PREFIX = StatsPage.PREFIX + "rbac_";

  private RbacStatsSection() {}

  static void render(RbacStats stats, PrometheusText text) {
    text.family(PREFIX + "allowed_total", Type.COUNTER,
            "Inbound requests the workload's AuthorizationPolicies allowed.", stats.allowed())
        .family(PREFIX + "denied_total", Type.COUNTER,
            "Inbound requests denied by an AuthorizationPolicy (403 RBAC).", stats.denied())
        .family(PREFIX + "shadow_denied_total", Type.COUNTER,
            "Inbound requests an AUDIT AuthorizationPolicy matched (recorded, not changed).", stats.shadowDenied())
        .family(PREFIX + "policy_denied_total", Type.COUNTER,
            "Inbound requests denied, by the DENY policy that matched.", samples(stats.deniedByPolicy()))
        .family(PREFIX + "policy_audited_total", Type.COUNTER,
            "Inbound requests matched, by AUDIT policy.", samples(stats.auditedByPolicy()));
  }

  private static List<Sample> samples(Map<String, Long> byPolicy) {
    return byPolicy.entrySet().stream().map(e -> new Sample(Map.of("policy", e.getKey()), e.getValue())).toList();
  }
}
