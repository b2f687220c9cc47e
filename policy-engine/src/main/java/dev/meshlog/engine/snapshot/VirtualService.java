package dev.meshlog.engine.snapshot;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** An accepted VirtualService: for requests to {@code hosts}, the weighted destinations of each HTTP route. */
public record VirtualService(String subject, List<String> hosts, List<HttpRoute> http) implements MeshResource {

  public VirtualService {
    Objects.requireNonNull(subject, "subject");
    hosts = List.copyOf(hosts);
    http = List.copyOf(http);
  }

  /** An HTTP route: its optional name and where its traffic goes. */
  public record HttpRoute(Optional<String> name, List<Destination> destinations) {
    public HttpRoute {
      Objects.requireNonNull(name, "name");
      destinations = List.copyOf(destinations);
    }
  }

  /** One weighted destination: a host, optionally a subset of it and a port. */
  public record Destination(String host, Optional<String> subset, Optional<Integer> port, int weight) {
    public Destination {
      Objects.requireNonNull(host, "host");
      Objects.requireNonNull(subset, "subset");
      Objects.requireNonNull(port, "port");
    }

    public ClusterKey cluster() {
      return new ClusterKey(host, subset, port.orElse(ClusterKey.DEFAULT_PORT));
    }
  }
}
