package dev.meshlog.proxy.authz;

import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A line per denied (warn) or audited (info) request, at most one of each per interval: a caller
 * hammering a closed door must not flood the log. A line names the policy, the peer and the
 * request, and how many went unlogged since the previous line.
 */
final class DenialLog {

  private static final Logger log = LoggerFactory.getLogger(DenialLog.class);

  private final String proxyId;
  private final Throttle denials;
  private final Throttle audits;

  DenialLog(String proxyId, long intervalMillis, LongSupplier clock) {
    this.proxyId = proxyId;
    this.denials = new Throttle(intervalMillis, clock);
    this.audits = new Throttle(intervalMillis, clock);
  }

  /** @return whether a line was written */
  boolean denied(Decision decision, RequestAttributes request) {
    long held = denials.pass();
    if (held < 0) {
      return false;
    }
    log.warn("[proxy={}] RBAC: access denied ({}): {} {}{} from principal {} at {} ({} more denials not logged)",
        proxyId, decision.deniedBy(), request.method(), request.host() == null ? "" : request.host(), request.path(),
        principal(request), address(request), held);
    return true;
  }

  /** @return whether a line was written */
  boolean audited(Decision decision, RequestAttributes request) {
    long held = audits.pass();
    if (held < 0) {
      return false;
    }
    log.info("[proxy={}] RBAC audit: {} matched {} {}{} from principal {} at {}, {} ({} more audits not logged)",
        proxyId, decision.audited(), request.method(), request.host() == null ? "" : request.host(), request.path(),
        principal(request), address(request), decision.allowed() ? "allowed" : "denied", held);
    return true;
  }

  private static String principal(RequestAttributes request) {
    return request.principal() == null ? "none (plaintext)" : request.principal();
  }

  private static String address(RequestAttributes request) {
    return request.sourceIp() == null ? "-" : request.sourceIp().getHostAddress();
  }
}
