package dev.meshlog.ingest.kubernetes;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The EndpointSlices indexed by the pod each endpoint names (targetRef), joined with their Services
 * (label {@code kubernetes.io/service-name}): which Service a pod serves, on which target port, for which
 * service port. A pod listed by several Services serves the first by name.
 */
final class Endpoints {

  static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";

  /** A ready endpoint of {@code service}: traffic for {@code servicePort} goes to the pod's {@code port}. */
  record Ready(String service, int port, int servicePort, String address) {}

  private record Listing(String service, String slice, boolean ready, String address, List<EndpointPort> ports) {}

  private static final Comparator<Listing> ORDER = Comparator.comparing(Listing::service).thenComparing(Listing::slice);

  private final Map<String, Service> services = new HashMap<>();
  private final Map<String, List<Listing>> byPod = new HashMap<>();

  static Endpoints of(Collection<Service> services, Collection<EndpointSlice> slices) {
    Endpoints endpoints = new Endpoints();
    services.forEach(s -> endpoints.services.put(s.getMetadata().getNamespace() + "/" + s.getMetadata().getName(), s));
    for (EndpointSlice slice : slices) {
      String namespace = slice.getMetadata().getNamespace();
      String service = slice.getMetadata().getLabels() == null ? null : slice.getMetadata().getLabels().get(SERVICE_NAME_LABEL);
      if (service == null || slice.getEndpoints() == null) {
        continue; // a slice no Service owns (custom endpoints): no service to join
      }
      List<EndpointPort> ports = slice.getPorts() == null ? List.of() : slice.getPorts();
      for (Endpoint endpoint : slice.getEndpoints()) {
        if (endpoint.getTargetRef() == null || !"Pod".equals(endpoint.getTargetRef().getKind()) || endpoint.getTargetRef().getName() == null) {
          continue;
        }
        String podNamespace = Objects.requireNonNullElse(endpoint.getTargetRef().getNamespace(), namespace);
        // ready unset means ready (the API's compatibility rule)
        boolean ready = endpoint.getConditions() == null || !Boolean.FALSE.equals(endpoint.getConditions().getReady());
        String address = endpoint.getAddresses() == null || endpoint.getAddresses().isEmpty() ? "" : endpoint.getAddresses().get(0);
        endpoints.byPod.computeIfAbsent(podNamespace + "/" + endpoint.getTargetRef().getName(), k -> new ArrayList<>())
            .add(new Listing(service, slice.getMetadata().getName(), ready, address, ports));
      }
    }
    endpoints.byPod.values().forEach(list -> list.sort(ORDER));
    return endpoints;
  }

  Optional<Ready> readyEndpoint(String namespace, String pod) {
    for (Listing listing : byPod.getOrDefault(namespace + "/" + pod, List.of())) {
      Service service = services.get(namespace + "/" + listing.service());
      if (!listing.ready() || service == null || service.getSpec() == null || service.getSpec().getPorts() == null) {
        continue;
      }
      // the first Service port, in the Service's order, that the slice carries (matched by port name)
      for (ServicePort servicePort : service.getSpec().getPorts()) {
        for (EndpointPort port : listing.ports()) {
          if (port.getPort() != null && name(port.getName()).equals(name(servicePort.getName()))) {
            return Optional.of(new Ready(listing.service(), port.getPort(), servicePort.getPort(), listing.address()));
          }
        }
      }
    }
    return Optional.empty();
  }

  /** The Service a pod belongs to when it is not a ready endpoint: a slice listing it, else a Service selecting it. */
  Optional<String> membership(String namespace, String pod, Map<String, String> labels) {
    Optional<String> service = byPod.getOrDefault(namespace + "/" + pod, List.of()).stream().map(Listing::service).findFirst();
    if (service.isPresent()) {
      return service;
    }
    return services.values().stream()
        .filter(s -> namespace.equals(s.getMetadata().getNamespace()) && selects(s, labels))
        .map(s -> s.getMetadata().getName())
        .sorted()
        .findFirst();
  }

  private static boolean selects(Service service, Map<String, String> labels) {
    Map<String, String> selector = service.getSpec() == null ? null : service.getSpec().getSelector();
    return selector != null && !selector.isEmpty() && labels.entrySet().containsAll(selector.entrySet());
  }

  private static String name(String portName) {
    return portName == null ? "" : portName;
  }
}
