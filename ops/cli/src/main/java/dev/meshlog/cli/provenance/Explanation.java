package dev.meshlog.cli.provenance;

import java.util.List;
import java.util.Objects;

/** A proxy's current snapshot, part by part, with the events that produced each part. */
public record Explanation(String proxyId, long version, String hash, SnapshotPosition builtAt, List<Element> routes,
    List<Element> tcpRoutes, List<Element> clusters, List<Element> inbound, List<Element> trust) {

  public Explanation {
    Objects.requireNonNull(proxyId, "proxyId");
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(builtAt, "builtAt");
    routes = List.copyOf(routes);
    tcpRoutes = List.copyOf(tcpRoutes);
    clusters = List.copyOf(clusters);
    inbound = List.copyOf(inbound);
    trust = List.copyOf(trust);
  }
}
