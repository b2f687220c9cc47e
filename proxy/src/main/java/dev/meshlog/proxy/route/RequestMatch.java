package dev.meshlog.proxy.route;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Istio's HTTPMatchRequest: matches when every present condition holds. Absent headers and query
 * parameters fail their condition; a {@code withoutHeaders} entry holds when its condition fails.
 */
public record RequestMatch(Optional<StringMatcher> uri, Optional<StringMatcher> method, List<Condition> headers,
    List<Condition> withoutHeaders, List<Condition> queryParams, OptionalInt port) {

  /** Matches every request, like a rule without match entries. */
  public static final RequestMatch ANY =
      new RequestMatch(Optional.empty(), Optional.empty(), List.of(), List.of(), List.of(), OptionalInt.empty());

  /** A named value (header name lower-cased, or query parameter) and what it must match. */
  public record Condition(String name, StringMatcher value) {
    public Condition {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
    }
  }

  public RequestMatch {
    uri = Objects.requireNonNullElse(uri, Optional.empty());
    method = Objects.requireNonNullElse(method, Optional.empty());
    headers = List.copyOf(headers);
    withoutHeaders = List.copyOf(withoutHeaders);
    queryParams = List.copyOf(queryParams);
    port = Objects.requireNonNullElse(port, OptionalInt.empty());
  }

  public boolean matches(RouteRequest request) {
    if (port.isPresent() && port.getAsInt() != request.port()) {
      return false;
    }
    if (method.isPresent() && !method.get().matches(request.method())) {
      return false;
    }
    if (uri.isPresent() && !uri.get().matches(request.path())) {
      return false;
    }
    for (int i = 0; i < headers.size(); i++) {
      if (!holds(headers.get(i), request.header(headers.get(i).name()))) {
        return false;
      }
    }
    for (int i = 0; i < withoutHeaders.size(); i++) {
      if (holds(withoutHeaders.get(i), request.header(withoutHeaders.get(i).name()))) {
        return false;
      }
    }
    for (int i = 0; i < queryParams.size(); i++) {
      if (!holds(queryParams.get(i), request.queryParam(queryParams.get(i).name()))) {
        return false;
      }
    }
    return true;
  }

  /**
   * The part of the path a prefix rewrite replaces: the prefix of a prefix match, "/" when the path
   * was not matched on (Istio gives Envoy a "/" prefix then), the whole path for exact and regex.
   */
  public String rewrittenPart(String path) {
    if (uri.isEmpty()) {
      return "/";
    }
    return uri.get() instanceof StringMatcher.Prefix prefix ? prefix.value() : path;
  }

  private static boolean holds(Condition condition, String value) {
    return value != null && condition.value().matches(value);
  }
}
