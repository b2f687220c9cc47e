package dev.meshlog.ingest.registry;

import dev.meshlog.schemas.Subjects;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A workload instance: an endpoint of {@code service} when {@code port > 0}, a proxy that gets a
 * snapshot when it has a {@code proxyId}.
 */
public record WorkloadRecord(String name, String namespace, String service, String serviceAccount,
    SortedMap<String, String> labels, Optional<String> proxyId, String address, int port, int servicePort)
    implements ClusterResource {

  public static final String KIND = "Workload";

  public WorkloadRecord {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(serviceAccount, "serviceAccount");
    Objects.requireNonNull(proxyId, "proxyId");
    Objects.requireNonNull(address, "address");
    labels = Collections.unmodifiableSortedMap(new TreeMap<>(labels));
  }

  public static WorkloadRecord of(String name, String namespace, String service, String serviceAccount,
      Map<String, String> labels, Optional<String> proxyId, String address, int port, int servicePort) {
    return new WorkloadRecord(name, namespace, service, serviceAccount, new TreeMap<>(labels), proxyId, address, port, servicePort);
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
