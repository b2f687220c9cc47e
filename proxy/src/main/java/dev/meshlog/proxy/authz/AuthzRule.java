package dev.meshlog.proxy.authz;

import java.util.List;

/**
 * One rule of a policy: it matches when any {@code from} matches (or there is none), any {@code to}
 * matches (or there is none) and every {@code when} holds. A rule with none of the three matches
 * every request, as in Istio.
 */
public record AuthzRule(List<SourceMatch> from, List<OperationMatch> to, List<Condition> when) {

  public static final AuthzRule ANY = new AuthzRule(List.of(), List.of(), List.of());

  public AuthzRule {
    from = List.copyOf(from);
    to = List.copyOf(to);
    when = List.copyOf(when);
  }

  public boolean test(RequestAttributes request) {
    return anySource(request) && anyOperation(request) && allConditions(request);
  }

  private boolean anySource(RequestAttributes request) {
    if (from.isEmpty()) {
      return true;
    }
    for (int i = 0; i < from.size(); i++) {
      if (from.get(i).test(request)) {
        return true;
      }
    }
    return false;
  }

  private boolean anyOperation(RequestAttributes request) {
    if (to.isEmpty()) {
      return true;
    }
    for (int i = 0; i < to.size(); i++) {
      if (to.get(i).test(request)) {
        return true;
      }
    }
    return false;
  }

  private boolean allConditions(RequestAttributes request) {
    for (int i = 0; i < when.size(); i++) {
      if (!when.get(i).test(request)) {
        return false;
      }
    }
    return true;
  }

  /** Whether any condition reads the TLS server name, which costs a pipeline lookup per request. */
  boolean readsSni() {
    return when.stream().anyMatch(c -> c.key().equals("connection.sni"));
  }
}
