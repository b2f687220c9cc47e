package dev.meshlog.ingest.registry;

import dev.meshlog.schemas.Subjects;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/** A service: its ports and labels. */
public record ServiceRecord(String name, String namespace, List<Port> ports, SortedMap<String, String> labels)
    implements ClusterResource {

  public static final String KIND = "Service";

  /** One service port; {@code protocol} is Istio's (HTTP, HTTP2, GRPC, TCP, TLS, ...). */
  public record Port(String name, int port, String protocol) {
    public Port {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(protocol, "protocol");
    }
  }

  public ServiceRecord {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(namespace, "namespace");
    ports = List.copyOf(ports);
    labels = Collections.unmodifiableSortedMap(new TreeMap<>(labels));
  }

  public static ServiceRecord of(String name, String namespace, List<Port> ports, Map<String, String> labels) {
    return new ServiceRecord(name, namespace, ports, new TreeMap<>(labels));
  }

  @Override
  public String key() {
    return Subjects.of(KIND, namespace, name);
  }

  @Override
  public String kind() {
    return KIND;
  }
}
