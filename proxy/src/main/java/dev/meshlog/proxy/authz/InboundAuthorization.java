package dev.meshlog.proxy.authz;

import java.util.List;

/**
 * Every AuthorizationPolicy selecting this workload, compiled once per snapshot and immutable, then
 * decided per request with Istio's order: a matching DENY denies; otherwise, when ALLOW policies
 * exist, one must match; with none, the request is allowed. AUDIT policies are checked on every
 * request and only reported.
 */
public final class InboundAuthorization {

  /** No policy selects the workload: everything is allowed and nothing is counted. */
  public static final InboundAuthorization NONE = new InboundAuthorization(List.of());
  /**
   * Before the first snapshot: the policies are unknown, so nothing may reach the app (fail closed). Envoy has no
   * inbound listener at all before its first config; ours answers 503 NC instead (InboundAuthorizer#configured).
   */
  public static final InboundAuthorization UNCONFIGURED = new InboundAuthorization(List.of());

  private final List<AuthzPolicy> deny;
  private final List<AuthzPolicy> allow;
  private final List<AuthzPolicy> audit;
  private final List<Decision> denials;
  private final boolean readsSni;

  public InboundAuthorization(List<AuthzPolicy> policies) {
    this.deny = of(policies, AuthzPolicy.Action.DENY);
    this.allow = of(policies, AuthzPolicy.Action.ALLOW);
    this.audit = of(policies, AuthzPolicy.Action.AUDIT);
    // Built here so a denial costs no allocation per request.
    this.denials = deny.stream().map(p -> new Decision(false, p.name(), "")).toList();
    this.readsSni = policies.stream().flatMap(p -> p.rules().stream()).anyMatch(AuthzRule::readsSni);
  }

  private static List<AuthzPolicy> of(List<AuthzPolicy> policies, AuthzPolicy.Action action) {
    return policies.stream().filter(p -> p.action() == action).toList();
  }

  /** Whether no policy selects the workload, so requests need not be looked at. */
  public boolean isEmpty() {
    return deny.isEmpty() && allow.isEmpty() && audit.isEmpty();
  }

  /** Whether a condition reads connection.sni (the request's attributes must carry it). */
  public boolean readsSni() {
    return readsSni;
  }

  public Decision decide(RequestAttributes request) {
    return enforce(request).auditedBy(audit(request));
  }

  private Decision enforce(RequestAttributes request) {
    for (int i = 0; i < deny.size(); i++) {
      if (deny.get(i).test(request)) {
        return denials.get(i);
      }
    }
    if (allow.isEmpty()) {
      return Decision.ALLOWED;
    }
    for (int i = 0; i < allow.size(); i++) {
      if (allow.get(i).test(request)) {
        return Decision.ALLOWED;
      }
    }
    return Decision.NO_ALLOW_MATCHED;
  }

  private String audit(RequestAttributes request) {
    for (int i = 0; i < audit.size(); i++) {
      if (audit.get(i).test(request)) {
        return audit.get(i).name();
      }
    }
    return "";
  }

  @Override
  public String toString() {
    return "InboundAuthorization[deny=" + deny.size() + ", allow=" + allow.size() + ", audit=" + audit.size() + "]";
  }
}
