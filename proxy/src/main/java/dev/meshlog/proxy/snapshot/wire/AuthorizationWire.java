package dev.meshlog.proxy.snapshot.wire;

import dev.meshlog.avro.AuthorizationConfig;
import dev.meshlog.avro.AuthzCondition;
import dev.meshlog.avro.AuthzOperation;
import dev.meshlog.avro.AuthzSource;
import dev.meshlog.avro.InboundPolicy;
import dev.meshlog.proxy.authz.AuthzPolicy;
import dev.meshlog.proxy.authz.AuthzRule;
import dev.meshlog.proxy.authz.Condition;
import dev.meshlog.proxy.authz.InboundAuthorization;
import dev.meshlog.proxy.authz.OperationMatch;
import dev.meshlog.proxy.authz.SourceMatch;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The snapshot's {@code inbound.authorization} to a compiled {@link InboundAuthorization}, and the
 * parts of it this proxy cannot enforce: conditions on request authentication (JWT) or experimental
 * keys, and path templates. Such a snapshot is NACKed whole, so a policy is never half-enforced.
 */
final class AuthorizationWire {

  private AuthorizationWire() {}

  /** @throws IllegalArgumentException naming the policy and rule, for an ipBlock or port that is not one */
  static InboundAuthorization toDomain(InboundPolicy inbound) {
    if (inbound == null || inbound.getAuthorization().isEmpty()) {
      return InboundAuthorization.NONE;
    }
    return new InboundAuthorization(inbound.getAuthorization().stream().map(AuthorizationWire::policy).toList());
  }

  /** Adds a line per unenforceable part to {@code found}. */
  static void unenforceable(InboundPolicy inbound, List<String> found) {
    if (inbound == null) {
      return;
    }
    for (AuthorizationConfig policy : inbound.getAuthorization()) {
      for (int i = 0; i < policy.getRules().size(); i++) {
        String where = "inbound AuthorizationPolicy " + policy.getName() + " (" + policy.getAction() + ") rule #" + i;
        for (AuthzCondition condition : policy.getRules().get(i).getWhen()) {
          if (!Condition.isEnforceable(condition.getKey())) {
            found.add(where + " condition on " + condition.getKey());
          }
        }
        policy.getRules().get(i).getTo().stream()
            .flatMap(to -> Stream.concat(to.getPaths().stream(), to.getNotPaths().stream()))
            .filter(path -> path.contains("{*") || path.contains("{**}"))
            .distinct()
            .forEach(path -> found.add(where + " path template " + path));
      }
    }
  }

  private static AuthzPolicy policy(AuthorizationConfig policy) {
    List<AuthzRule> rules = new ArrayList<>();
    for (int i = 0; i < policy.getRules().size(); i++) {
      try {
        rules.add(rule(policy.getRules().get(i)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("inbound AuthorizationPolicy " + policy.getName() + " rule #" + i + ": "
            + e.getMessage(), e);
      }
    }
    return new AuthzPolicy(policy.getName(), AuthzPolicy.Action.valueOf(policy.getAction().name()), rules);
  }

  private static AuthzRule rule(dev.meshlog.avro.AuthzRule rule) {
    return new AuthzRule(rule.getFrom().stream().map(AuthorizationWire::source).toList(),
        rule.getTo().stream().map(AuthorizationWire::operation).toList(),
        // An unenforceable key NACKs the snapshot (see unenforceable), so it is never applied without it.
        rule.getWhen().stream().filter(c -> Condition.isEnforceable(c.getKey()))
            .map(c -> Condition.of(c.getKey(), c.getValues(), c.getNotValues())).toList());
  }

  private static SourceMatch source(AuthzSource from) {
    return SourceMatch.of(from.getPrincipals(), from.getNotPrincipals(), from.getNamespaces(), from.getNotNamespaces(),
        from.getIpBlocks(), from.getNotIpBlocks());
  }

  private static OperationMatch operation(AuthzOperation to) {
    return OperationMatch.of(to.getHosts(), to.getNotHosts(), to.getPorts(), to.getNotPorts(), to.getMethods(),
        to.getNotMethods(), to.getPaths(), to.getNotPaths());
  }
}
