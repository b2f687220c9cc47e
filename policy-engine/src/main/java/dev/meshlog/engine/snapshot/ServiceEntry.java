package dev.meshlog.engine.snapshot;

import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An accepted ServiceEntry: hosts the registry does not know. Its hosts belong to its namespace for
 * Sidecar scoping. {@code resolution} is STATIC, DNS or NONE, as Istio spells it.
 */
public record ServiceEntry(String subject, String namespace, List<String> hosts, List<Port> ports, boolean external,
    String resolution, List<Endpoint> endpoints) implements MeshResource {

  public ServiceEntry {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(namespace, "namespace");
    hosts = List.copyOf(hosts);
    ports = ports.stream().sorted(Comparator.comparingInt(Port::number)).toList();
    Objects.requireNonNull(resolution, "resolution");
    endpoints = List.copyOf(endpoints);
  }

  /** The port a catch-all route and an unported destination use: the lowest declared, else 80. */
  public int defaultPort() {
    return ports.isEmpty() ? ClusterKey.DEFAULT_PORT : ports.get(0).number();
  }

  public Optional<Port> port(int number) {
    return ports.stream().filter(p -> p.number() == number).findFirst();
  }

  public record Port(int number, String name, String protocol, Optional<Integer> targetPort) {
    public Port {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(protocol, "protocol");
      Objects.requireNonNull(targetPort, "targetPort");
    }
  }

  /** A WorkloadEntry inline: an address (or DNS name), ports by port name, labels, weight. */
  public record Endpoint(String address, SortedMap<String, Integer> ports, SortedMap<String, String> labels, Optional<Integer> weight) {
    public Endpoint {
      Objects.requireNonNull(address, "address");
      ports = Collections.unmodifiableSortedMap(new TreeMap<>(ports));
      labels = Collections.unmodifiableSortedMap(new TreeMap<>(labels));
      Objects.requireNonNull(weight, "weight");
    }

    public boolean matches(java.util.Map<String, String> selector) {
      return labels.entrySet().containsAll(selector.entrySet());
    }
  }
}
