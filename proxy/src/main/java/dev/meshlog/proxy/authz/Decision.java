package dev.meshlog.proxy.authz;

import java.util.Objects;

/**
 * What authorization decided for one request.
 *
 * @param policy the DENY policy that matched; empty when allowed, or denied because no ALLOW policy matched
 * @param audited the first AUDIT policy that matched, empty for none (it never changes {@code allowed})
 */
public record Decision(boolean allowed, String policy, String audited) {

  public static final Decision ALLOWED = new Decision(true, "", "");
  public static final Decision NO_ALLOW_MATCHED = new Decision(false, "", "");

  public Decision {
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(audited, "audited");
  }

  Decision auditedBy(String auditPolicy) {
    return auditPolicy.isEmpty() ? this : new Decision(allowed, policy, auditPolicy);
  }

  /** Who denied, for logs: the DENY policy, or the lack of a matching ALLOW. */
  public String deniedBy() {
    return policy.isEmpty() ? "no ALLOW policy matched" : "DENY " + policy;
  }
}
