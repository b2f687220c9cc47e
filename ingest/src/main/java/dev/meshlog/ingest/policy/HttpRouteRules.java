package dev.meshlog.ingest.policy;

import static dev.meshlog.ingest.policy.AvroValues.list;
import static dev.meshlog.ingest.policy.Problems.field;

import dev.meshlog.avro.Destination;
import dev.meshlog.avro.HttpFaultSpec;
import dev.meshlog.avro.HttpRedirect;
import dev.meshlog.avro.HttpRetrySpec;
import dev.meshlog.avro.HttpRouteSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Rules of one HTTP route: what carries the request, and the features around it. */
final class HttpRouteRules {

  // Envoy's x-envoy-retry-on and x-envoy-retry-grpc-on conditions, as Istio accepts them.
  private static final Set<String> RETRY_ON = Set.of("5xx", "gateway-error", "reset", "reset-before-request", "connect-failure",
      "envoy-ratelimited", "retriable-4xx", "refused-stream", "retriable-status-codes", "retriable-headers",
      "http3-post-connect-failure", "cancelled", "deadline-exceeded", "internal", "resource-exhausted", "unavailable");

  private HttpRouteRules() {}

  static void check(HttpRouteSpec route, String path, Problems problems) {
    if (route == null) {
      problems.add(path, "is required");
      return;
    }
    checkAction(route, path, problems);
    MatchRules.check(route.getMatch(), field(path, "match"), problems);
    if (!list(route.getRoute()).isEmpty()) {
      VirtualServiceRules.checkDestinations(route.getRoute(), field(path, "route"), problems);
    }
    checkRedirect(route.getRedirect(), field(path, "redirect"), problems);
    if (route.getRewrite() != null) {
      if (route.getRedirect() != null) {
        problems.add(field(path, "rewrite"), "cannot be combined with redirect");
      } else if (route.getRewrite().getUri() == null && route.getRewrite().getAuthority() == null) {
        problems.add(field(path, "rewrite"), "needs uri or authority");
      }
    }
    if (route.getDirectResponse() != null) {
      checkStatus(route.getDirectResponse().getStatus(), field(path, "directResponse.status"), problems);
    }
    HeaderRules.check(route.getHeaders(), field(path, "headers"), problems);
    if (route.getTimeoutMs() != null && route.getTimeoutMs() < 0) {
      problems.add(field(path, "timeout"), "must be >= 0 (was " + route.getTimeoutMs() + "ms)");
    }
    checkRetries(route.getRetries(), field(path, "retries"), problems);
    checkFault(route.getFault(), field(path, "fault"), problems);
    checkMirror(route, path, problems);
  }

  /** Istio's rule: exactly one of route, redirect and directResponse says where a request goes. */
  private static void checkAction(HttpRouteSpec route, String path, Problems problems) {
    List<String> actions = new ArrayList<>();
    if (!list(route.getRoute()).isEmpty()) {
      actions.add("route");
    }
    if (route.getRedirect() != null) {
      actions.add("redirect");
    }
    if (route.getDirectResponse() != null) {
      actions.add("directResponse");
    }
    if (actions.isEmpty()) {
      problems.add(field(path, "route"), "at least one destination is required (or a redirect or directResponse instead)");
    } else if (actions.size() > 1) {
      problems.add(path, "has " + String.join(" and ", actions) + "; exactly one of route, redirect, directResponse is allowed");
    }
  }

  private static void checkRedirect(HttpRedirect redirect, String path, Problems problems) {
    if (redirect == null) {
      return;
    }
    if (redirect.getUri() == null && redirect.getAuthority() == null) {
      problems.add(path, "needs uri or authority");
    }
    if (redirect.getRedirectCode() < 300 || redirect.getRedirectCode() > 399) {
      problems.add(field(path, "redirectCode"), "must be a 3xx status (was " + redirect.getRedirectCode() + ")");
    }
  }

  private static void checkRetries(HttpRetrySpec retries, String path, Problems problems) {
    if (retries == null) {
      return;
    }
    if (retries.getAttempts() < 0) {
      problems.add(field(path, "attempts"), "must be >= 0 (was " + retries.getAttempts() + ")");
    }
    if (retries.getPerTryTimeoutMs() != null && retries.getPerTryTimeoutMs() < 1) {
      problems.add(field(path, "perTryTimeout"), "must be at least 1ms (was " + retries.getPerTryTimeoutMs() + "ms)");
    }
    for (String condition : list(retries.getRetryOn())) {
      if (condition == null || !(RETRY_ON.contains(condition) || condition.matches("[1-5]\\d\\d"))) {
        problems.add(field(path, "retryOn"), "unknown retry condition '" + condition + "'; expected a status code or one of "
            + String.join(", ", RETRY_ON.stream().sorted().toList()));
        return;
      }
    }
  }

  private static void checkFault(HttpFaultSpec fault, String path, Problems problems) {
    if (fault == null) {
      return;
    }
    if (fault.getDelay() == null && fault.getAbort() == null) {
      problems.add(path, "needs a delay, an abort or both");
    }
    if (fault.getDelay() != null) {
      if (fault.getDelay().getFixedDelayMs() < 1) {
        problems.add(field(path, "delay.fixedDelay"), "must be at least 1ms (was " + fault.getDelay().getFixedDelayMs() + "ms)");
      }
      checkPercentage(fault.getDelay().getPercentage(), field(path, "delay.percentage.value"), problems);
    }
    if (fault.getAbort() != null) {
      checkStatus(fault.getAbort().getHttpStatus(), field(path, "abort.httpStatus"), problems);
      checkPercentage(fault.getAbort().getPercentage(), field(path, "abort.percentage.value"), problems);
    }
  }

  private static void checkMirror(HttpRouteSpec route, String path, Problems problems) {
    Destination mirror = route.getMirror();
    if (mirror != null) {
      VirtualServiceRules.checkDestination(mirror.getHost(), mirror.getSubset(), mirror.getPort(), field(path, "mirror"), problems);
    }
    if (route.getMirrorPercentage() != null) {
      if (mirror == null) {
        problems.add(field(path, "mirrorPercentage"), "needs a mirror");
      }
      checkPercentage(route.getMirrorPercentage(), field(path, "mirrorPercentage.value"), problems);
    }
  }

  static void checkPercentage(double value, String path, Problems problems) {
    if (!(value >= 0 && value <= 100)) {
      problems.add(path, "must be between 0 and 100 (was " + value + ")");
    }
  }

  private static void checkStatus(int status, String path, Problems problems) {
    if (status < 200 || status > 599) {
      problems.add(path, "must be an HTTP status between 200 and 599 (was " + status + ")");
    }
  }
}
