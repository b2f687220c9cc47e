package dev.meshlog.proxy.route;

import dev.meshlog.proxy.balance.LbEndpoint;
import dev.meshlog.proxy.circuit.UpstreamHost;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.random.RandomGenerator;

/**
 * One rule ready for dispatch: match entries in an array, forwarding targets with cumulative weights
 * and their edits, a direct response built once. Immutable; shared by every event loop.
 */
final class CompiledRule {

  private final String routeName;
  private final RequestMatch[] matches;
  private final RuleAction action;
  private final HeaderOperations replyHeaders;
  private final FaultInjection fault;
  /** Forwarding only: the route timeout every forward carries, zero for none. */
  private final Duration timeout;
  /** Forwarding only: targets, their edits, and cumulative weights (one draw, a short scan). */
  private final RouteTable.Target[] targets;
  private final UpstreamEdits[] edits;
  /** Forwarding only: per target, the rule's retry policy with that cluster's budget and balancer. */
  private final RouteRetry[] retries;
  private final int[] upTo;
  private final int total;
  /** Forwarding only: the mirror's share and cluster, null for none. */
  private final Percentage mirrorShare;
  private final RouteTable.Target mirror;
  /** Direct responses only: the same answer for every request. */
  private final Dispatch.Reply directReply;

  CompiledRule(String routeName, Rule rule, Map<String, RouteTable.Target> byCluster) {
    this.routeName = routeName;
    this.matches = rule.matches().toArray(RequestMatch[]::new);
    this.action = rule.action();
    this.replyHeaders = rule.headers().response();
    this.fault = rule.fault();
    this.timeout = action instanceof RuleAction.Route route ? route.timeout() : Duration.ZERO;
    int n = rule.clusters().size();
    this.targets = new RouteTable.Target[n];
    this.edits = new UpstreamEdits[n];
    this.retries = new RouteRetry[n];
    this.upTo = new int[n];
    int sum = 0;
    for (int i = 0; i < n; i++) {
      WeightedCluster wc = rule.clusters().get(i);
      targets[i] = byCluster.get(wc.cluster());
      if (targets[i] == null) {
        throw new IllegalArgumentException("route " + routeName + " names missing cluster " + wc.cluster());
      }
      Rewrite rewrite = action instanceof RuleAction.Route route ? route.rewrite() : Rewrite.NONE;
      edits[i] = UpstreamEdits.of(rewrite, rule.headers(), wc.headers());
      retries[i] = action instanceof RuleAction.Route route
          ? new RouteRetry(route.retries(), targets[i].retryBudget(), targets[i].cluster().maxRetries(), targets[i].balancer())
          : RouteRetry.NONE;
      sum += Math.max(0, wc.weight());
      upTo[i] = sum;
    }
    this.total = sum;
    if (action instanceof RuleAction.Route && total <= 0) {
      throw new IllegalArgumentException("route " + routeName + " has no cluster with a positive weight");
    }
    boolean mirrors = action instanceof RuleAction.Route && !rule.mirror().isNone();
    this.mirrorShare = mirrors ? rule.mirror().share() : null;
    this.mirror = mirrors ? byCluster.get(rule.mirror().cluster()) : null;
    if (mirrors && mirror == null) {
      throw new IllegalArgumentException("route " + routeName + " mirrors to missing cluster " + rule.mirror().cluster());
    }
    this.directReply = action instanceof RuleAction.DirectResponse direct
        ? new Dispatch.Reply(direct.status(), direct.body().orElse(""), "", replyHeaders, routeName, routeName)
        : null;
  }

  /** The first match entry the request satisfies, {@link RequestMatch#ANY} for a rule without any, else null. */
  RequestMatch match(RouteRequest request) {
    if (matches.length == 0) {
      return RequestMatch.ANY;
    }
    for (RequestMatch candidate : matches) {
      if (candidate.matches(request)) {
        return candidate;
      }
    }
    return null;
  }

  /**
   * Draws in Envoy's order: the weighted cluster (route resolution), then the fault delay and abort
   * (fault filter), then the endpoint (router), which an abort never reaches.
   */
  Dispatch dispatch(RouteRequest request, RequestMatch matched, RandomGenerator random) {
    int target = action instanceof RuleAction.Route ? pick(random) : -1;
    if (fault.isNone()) {
      return answer(request, matched, random, target);
    }
    Duration delay = fault.drawDelay(random);
    OptionalInt abort = fault.drawAbort(random);
    Dispatch then = abort.isPresent()
        ? Dispatch.Fail.faultAbort(abort.getAsInt(), target >= 0 ? targets[target].cluster().host() : routeName, routeName)
        : answer(request, matched, random, target);
    return delay.isZero() ? then : new Dispatch.Delayed(delay, then);
  }

  private Dispatch answer(RouteRequest request, RequestMatch matched, RandomGenerator random, int i) {
    if (directReply != null) {
      return directReply;
    }
    if (action instanceof RuleAction.Redirect redirect) {
      return new Dispatch.Reply(redirect.code(), "", location(request, redirect), replyHeaders, routeName, routeName);
    }
    RouteTable.Target target = targets[i];
    RequestPick pick = new RequestPick(request, random);
    Optional<LbEndpoint<Endpoint>> picked = target.balancer().pick(pick);
    if (picked.isEmpty()) {
      return Dispatch.Fail.noHealthyUpstream(target.cluster(), routeName);
    }
    String rewritten = edits[i] == UpstreamEdits.NONE ? "/" : matched.rewrittenPart(request.path());
    UpstreamEdits edit = pick.setCookie() == null ? edits[i] : edits[i].addingResponseHeader("set-cookie", pick.setCookie());
    LbEndpoint<Endpoint> endpoint = picked.get();
    // RouteTable gives every endpoint its live UpstreamHost as its health; the fallback never runs there.
    UpstreamHost host = endpoint.health() instanceof UpstreamHost live ? live : null;
    return new Dispatch.Forward(endpoint.endpoint(), target.cluster(), routeName, edit, rewritten,
        endpoint.activeRequests(), timeout, retries[i], mirror(pick), host);
  }

  /** Drawn after the endpoint, as Envoy's router shadows once it has forwarded; no endpoint, no copy. */
  private Optional<Dispatch.Mirror> mirror(RequestPick pick) {
    if (mirror == null || !mirrorShare.sample(pick.random())) {
      return Optional.empty();
    }
    return mirror.balancer().pick(pick).map(e -> new Dispatch.Mirror(e.endpoint(), mirror.cluster()));
  }

  private int pick(RandomGenerator random) {
    int draw = random.nextInt(total);
    for (int i = 0; i < upTo.length; i++) {
      if (draw < upTo[i]) {
        return i;
      }
    }
    return upTo.length - 1;
  }

  /**
   * Envoy's redirect: same scheme (plain HTTP here), the authority replaced when set, the path
   * replaced when set; a replacement path without its own query keeps the request's.
   */
  static String location(RouteRequest request, RuleAction.Redirect redirect) {
    String authority = redirect.authority().orElse(request.authority());
    String target;
    if (redirect.uri().isPresent()) {
      String uri = redirect.uri().get();
      target = uri.indexOf('?') >= 0 ? uri : uri + request.query();
    } else {
      target = request.uri();
    }
    return "http://" + authority + target;
  }
}
