package dev.meshlog.engine.snapshot;

import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/** An accepted Sidecar: which egress hosts the proxies it selects receive configuration for. */
public record Sidecar(String subject, String namespace, SortedMap<String, String> workloadSelector, List<Egress> egress)
    implements MeshResource {

  public Sidecar {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(namespace, "namespace");
    workloadSelector = Collections.unmodifiableSortedMap(new TreeMap<>(workloadSelector));
    egress = List.copyOf(egress);
  }

  /** An egress listener: hosts in Istio's {@code namespace/dnsName} form. */
  public record Egress(Optional<Integer> port, List<String> hosts) {
    public Egress {
      Objects.requireNonNull(port, "port");
      hosts = List.copyOf(hosts);
    }
  }
}
