package dev.meshlog.ingest.kubernetes;

import dev.meshlog.ingest.registry.Desired;
import dev.meshlog.ingest.registry.ServiceRecord;
import dev.meshlog.ingest.registry.WorkloadRecord;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the cluster records should be, computed from the informers' caches: pure, so a resync, a restart and
 * an incremental update all compute the same records from the same objects.
 *
 * <ul>
 *   <li>every Service: {@code Service/ns/name} with its ports (protocol as Istio selects it) and labels;</li>
 *   <li>a pod with the meshlog sidecar (container {@code meshlog-proxy}): always {@code Workload/ns/pod}, with
 *       proxyId {@code pod.ns}; port 0 while it is not a ready endpoint (it still needs its snapshot);</li>
 *   <li>a pod without the sidecar: a workload only while it is a ready endpoint of a Service (mesh proxies
 *       reach it in plain text).</li>
 * </ul>
 * Namespaces change nothing here: their labels matter to injection only.
 */
public final class ClusterMapping {

  public static final String SIDECAR_CONTAINER = "meshlog-proxy";
  static final int NO_SERVICE_PORT = 80;

  private ClusterMapping() {}

  /** The desired records of these objects, by key; the caller passes the objects of the namespaces it watches. */
  public static Map<String, Desired> desired(Collection<Service> services, Collection<EndpointSlice> slices, Collection<Pod> pods) {
    Map<String, Desired> desired = new TreeMap<>();
    for (Service service : services) {
      ServiceRecord record = service(service);
      desired.put(record.key(), new Desired(record, ObjectActor.of(service)));
    }
    Endpoints endpoints = Endpoints.of(services, slices);
    for (Pod pod : pods) {
      workload(pod, endpoints).ifPresent(w -> desired.put(w.key(), new Desired(w, ObjectActor.of(pod))));
    }
    return desired;
  }

  static ServiceRecord service(Service service) {
    List<ServiceRecord.Port> ports = service.getSpec() == null || service.getSpec().getPorts() == null ? List.of()
        : service.getSpec().getPorts().stream()
            .map(p -> new ServiceRecord.Port(p.getName() == null || p.getName().isEmpty() ? "http" : p.getName(), p.getPort(), PortProtocols.of(p)))
            .toList();
    return ServiceRecord.of(service.getMetadata().getName(), service.getMetadata().getNamespace(), ports, labels(service.getMetadata().getLabels()));
  }

  static Optional<WorkloadRecord> workload(Pod pod, Endpoints endpoints) {
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
      return Optional.empty(); // finished: nothing listens there any more
    }
    String name = pod.getMetadata().getName();
    String namespace = pod.getMetadata().getNamespace();
    boolean sidecar = hasSidecar(pod);
    Optional<Endpoints.Ready> ready = endpoints.readyEndpoint(namespace, name);
    if (ready.isEmpty() && !sidecar) {
      return Optional.empty();
    }
    String podIp = pod.getStatus() == null ? null : pod.getStatus().getPodIP();
    String address = podIp != null && !podIp.isEmpty() ? podIp : ready.map(Endpoints.Ready::address).orElse("");
    String serviceAccount = pod.getSpec() == null || pod.getSpec().getServiceAccountName() == null ? "default" : pod.getSpec().getServiceAccountName();
    Map<String, String> labels = labels(pod.getMetadata().getLabels());
    Optional<String> proxyId = sidecar ? Optional.of(name + "." + namespace) : Optional.empty();
    if (ready.isPresent()) {
      Endpoints.Ready endpoint = ready.get();
      return Optional.of(WorkloadRecord.of(name, namespace, endpoint.service(), serviceAccount, labels, proxyId, address, endpoint.port(),
          endpoint.servicePort()));
    }
    Optional<String> member = endpoints.membership(namespace, name, labels);
    // servicePort stays the schema default: a workload that is no endpoint serves no port, and taking the
    // Service's would make the record flap while a Service and its slice are deleted in either order
    return Optional.of(WorkloadRecord.of(name, namespace, member.orElse(labels.getOrDefault("app", name)), serviceAccount,
        labels, proxyId, address, 0, NO_SERVICE_PORT));
  }

  static boolean hasSidecar(Pod pod) {
    return pod.getSpec() != null && pod.getSpec().getContainers() != null
        && pod.getSpec().getContainers().stream().anyMatch(c -> SIDECAR_CONTAINER.equals(c.getName()));
  }

  private static Map<String, String> labels(Map<String, String> labels) {
    return labels == null ? Map.of() : new TreeMap<>(labels);
  }
}
