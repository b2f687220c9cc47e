package dev.meshlog.proxy.route;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** What a matched rule does with the request: exactly one of forward, redirect, or answer directly. */
public sealed interface RuleAction permits RuleAction.Route, RuleAction.Redirect, RuleAction.DirectResponse {

  /** Split among weighted clusters, after an optional rewrite. */
  record Route(List<WeightedCluster> clusters, Rewrite rewrite) implements RuleAction {
    public Route {
      clusters = List.copyOf(clusters);
      rewrite = Objects.requireNonNullElse(rewrite, Rewrite.NONE);
    }
  }

  /** Answer with a redirect; {@code uri} replaces the path, {@code authority} the host. */
  record Redirect(Optional<String> uri, Optional<String> authority, int code) implements RuleAction {
    public Redirect {
      uri = Objects.requireNonNullElse(uri, Optional.empty());
      authority = Objects.requireNonNullElse(authority, Optional.empty());
    }
  }

  /** Answer locally with a status and an optional plain-text body. */
  record DirectResponse(int status, Optional<String> body) implements RuleAction {
    public DirectResponse {
      body = Objects.requireNonNullElse(body, Optional.empty());
    }
  }
}
