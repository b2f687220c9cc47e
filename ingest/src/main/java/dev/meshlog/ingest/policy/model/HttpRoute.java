package dev.meshlog.ingest.policy.model;

import java.util.List;
import java.util.Optional;

/** One entry of {@code spec.http}: an optional name and the weighted destinations. */
public record HttpRoute(Optional<String> name, List<Destination> route) {

  public HttpRoute {
    route = List.copyOf(route);
  }
}
