package dev.meshlog.proxy.route;

import java.util.List;
import java.util.Objects;

/**
 * A route rule: applies when any of its match entries matches (always, when it has none), then
 * does its action, with its header operations on the request upstream and the response downstream.
 * Its fault injection applies whatever the action (Envoy's fault filter runs before the router); its
 * mirror only when it forwards.
 */
public record Rule(String name, List<RequestMatch> matches, RuleAction action, HeaderPolicy headers,
    FaultInjection fault, MirrorPolicy mirror) {

  public Rule {
    Objects.requireNonNull(name, "name");
    matches = List.copyOf(matches);
    Objects.requireNonNull(action, "action");
    headers = Objects.requireNonNullElse(headers, HeaderPolicy.NONE);
    fault = Objects.requireNonNullElse(fault, FaultInjection.NONE);
    mirror = Objects.requireNonNullElse(mirror, MirrorPolicy.NONE);
  }

  /** A rule without a mirror. */
  public Rule(String name, List<RequestMatch> matches, RuleAction action, HeaderPolicy headers, FaultInjection fault) {
    this(name, matches, action, headers, fault, MirrorPolicy.NONE);
  }

  /** A rule without fault injection. */
  public Rule(String name, List<RequestMatch> matches, RuleAction action, HeaderPolicy headers) {
    this(name, matches, action, headers, FaultInjection.NONE, MirrorPolicy.NONE);
  }

  /** A rule matching every request and splitting it among weighted clusters. */
  public Rule(String name, List<WeightedCluster> clusters) {
    this(name, List.of(), new RuleAction.Route(clusters, Rewrite.NONE), HeaderPolicy.NONE);
  }

  /** The clusters a forwarding rule splits among; empty for a redirect or a direct response. */
  public List<WeightedCluster> clusters() {
    return action instanceof RuleAction.Route route ? route.clusters() : List.of();
  }
}
