package dev.meshlog.proxy.snapshot;

import dev.meshlog.proxy.route.Cluster;
import dev.meshlog.proxy.route.VirtualHost;
import java.util.List;
import java.util.Objects;

/** A proxy's snapshot in domain terms, converted from the wire record at the edge. */
public record Snapshot(String proxyId, long version, String hash, List<VirtualHost> hosts, List<Cluster> clusters) {

  public Snapshot {
    Objects.requireNonNull(proxyId, "proxyId");
    Objects.requireNonNull(hash, "hash");
    hosts = List.copyOf(hosts);
    clusters = List.copyOf(clusters);
  }
}
