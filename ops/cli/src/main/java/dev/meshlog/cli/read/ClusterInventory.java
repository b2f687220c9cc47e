package dev.meshlog.cli.read;

import dev.meshlog.schemas.KafkaClientSettings;
import dev.meshlog.avro.ClusterChange;
import dev.meshlog.avro.ClusterEvent;
import dev.meshlog.avro.ServiceResource;
import dev.meshlog.avro.WorkloadResource;
import dev.meshlog.schemas.Subjects;
import dev.meshlog.schemas.Topics;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The registered services and workloads, folded from mesh.cluster.events: the newest state per
 * subject, a REMOVED event drops it.
 */
public final class ClusterInventory {

  /** A registered workload instance and the sidecar serving it. */
  public record Workload(String namespace, String name, String service, Optional<String> proxyId, Map<String, String> labels) {
    public Workload {
      labels = Map.copyOf(labels);
    }
  }

  private final Map<String, ServiceResource> services;
  private final Map<String, WorkloadResource> workloads;

  private ClusterInventory(Map<String, ServiceResource> services, Map<String, WorkloadResource> workloads) {
    this.services = services;
    this.workloads = workloads;
  }

  public static ClusterInventory read(String bootstrap, Topics topics) {
    return read(bootstrap, KafkaClientSettings.NONE, topics);
  }

  /** As above, logged in with the cluster's connection and security settings. */
  public static ClusterInventory read(String bootstrap, KafkaClientSettings client, Topics topics) {
    List<ClusterEvent> events = new ArrayList<>();
    TopicScan.readAll(bootstrap, client, topics.clusterEvents(), (key, event) -> {
      if (event != null) {
        events.add(event);
      }
    });
    return fold(events);
  }

  public static ClusterInventory fold(Collection<ClusterEvent> events) {
    Map<String, ServiceResource> services = new TreeMap<>();
    Map<String, WorkloadResource> workloads = new TreeMap<>();
    for (ClusterEvent event : events) {
      boolean removed = event.getChange() == ClusterChange.REMOVED;
      if (event.getResource() instanceof ServiceResource service) {
        String subject = Subjects.of("Service", service.getNamespace(), service.getName());
        if (removed) {
          services.remove(subject);
        } else {
          services.put(subject, service);
        }
      } else if (event.getResource() instanceof WorkloadResource workload) {
        String subject = Subjects.of("Workload", workload.getNamespace(), workload.getName());
        if (removed) {
          workloads.remove(subject);
        } else {
          workloads.put(subject, workload);
        }
      }
    }
    return new ClusterInventory(services, workloads);
  }

  /** Workloads sorted by namespace and name. */
  public List<Workload> workloads() {
    return workloads.values().stream()
        .map(w -> new Workload(w.getNamespace(), w.getName(), w.getService(), Optional.ofNullable(w.getProxyId()), w.getLabels()))
        .toList();
  }

  public Optional<Workload> workloadOfProxy(String proxyId) {
    return workloads().stream().filter(w -> w.proxyId().map(proxyId::equals).orElse(false)).findFirst();
  }

  /**
   * Fully qualified hosts of the registered services and of the services registered workloads
   * serve (a sidecar registers only its workload; its service exists through it).
   */
  public Set<String> serviceHosts() {
    Set<String> hosts = new TreeSet<>();
    services.values().forEach(s -> hosts.add(host(s.getName(), s.getNamespace())));
    workloads.values().forEach(w -> hosts.add(host(w.getService(), w.getNamespace())));
    return hosts;
  }

  private static String host(String service, String namespace) {
    return service + "." + namespace + ".svc.cluster.local";
  }
}
