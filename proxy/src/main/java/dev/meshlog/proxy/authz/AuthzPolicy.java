package dev.meshlog.proxy.authz;

import java.util.List;
import java.util.Objects;

/**
 * One AuthorizationPolicy selecting this workload. It applies to a request when any of its rules
 * matches; a policy without rules matches nothing (so an ALLOW without rules, alone, denies all).
 *
 * @param name the policy's subject ({@code AuthorizationPolicy/ns/name}), named in logs and stats
 */
public record AuthzPolicy(String name, Action action, List<AuthzRule> rules) {

  public enum Action { ALLOW, DENY, AUDIT }

  public AuthzPolicy {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(action, "action");
    rules = List.copyOf(rules);
  }

  public boolean test(RequestAttributes request) {
    for (int i = 0; i < rules.size(); i++) {
      if (rules.get(i).test(request)) {
        return true;
      }
    }
    return false;
  }
}
