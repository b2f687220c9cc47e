package dev.meshlog.proxy.route;

import java.util.Objects;
import java.util.Optional;

/**
 * Istio's HTTPRewrite: {@code uri} replaces the matched path prefix (the whole path after an exact
 * or regex match), the query string kept; {@code authority} replaces the Host sent upstream.
 */
public record Rewrite(Optional<String> uri, Optional<String> authority) {

  public static final Rewrite NONE = new Rewrite(Optional.empty(), Optional.empty());

  public Rewrite {
    uri = Objects.requireNonNullElse(uri, Optional.empty());
    authority = Objects.requireNonNullElse(authority, Optional.empty());
  }

  public boolean isEmpty() {
    return uri.isEmpty() && authority.isEmpty();
  }
}
