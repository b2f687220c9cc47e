package dev.meshlog.cli.ingest;

import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.util.List;
import java.util.Map;

/** Kubernetes objects as kubectl and the controllers would leave them, for the ingest ITs. */
final class ClusterFixtures {

  static final String NS = "shop";
  static final String KUBECTL = "kubectl-client-side-apply";
  static final String CONTROLLER = "kube-controller-manager";

  private ClusterFixtures() {}

  static Service reviewsService() {
    return new ServiceBuilder().withNewMetadata().withName("reviews").withNamespace(NS).withLabels(Map.of("app", "reviews"))
        .withManagedFields(new ManagedFieldsEntryBuilder().withManager(KUBECTL).withOperation("Update").withTime("2026-01-01T00:00:00Z").build())
        .endMetadata()
        .withNewSpec().withSelector(Map.of("app", "reviews"))
        .addNewPort().withName("http").withPort(9080).withNewTargetPort(9080).endPort()
        .endSpec().build();
  }

  /** A pod of a Deployment, with the meshlog sidecar when {@code sidecar}. */
  static Pod pod(String name, String app, String version, String ip, boolean sidecar) {
    PodBuilder pod = new PodBuilder().withNewMetadata().withName(name).withNamespace(NS)
        .withLabels(Map.of("app", app, "version", version))
        .withManagedFields(
            new ManagedFieldsEntryBuilder().withManager(CONTROLLER).withOperation("Update").withTime("2026-01-01T00:00:00Z").build(),
            new ManagedFieldsEntryBuilder().withManager("kubelet").withOperation("Update").withSubresource("status")
                .withTime("2026-01-01T00:00:09Z").build())
        .endMetadata()
        .withNewSpec().withServiceAccountName(app).addNewContainer().withName("app").withImage(app + ":" + version).endContainer().endSpec()
        .withNewStatus().withPhase("Running").withPodIP(ip).endStatus();
    if (sidecar) {
      pod.editSpec().addNewContainer().withName("meshlog-proxy").withImage("meshlog:0.1.0").endContainer().endSpec();
    }
    return pod.build();
  }

  /** The EndpointSlice controller's slice of the reviews Service: every listed pod ready on target port 9080. */
  static EndpointSlice reviewsSlice(List<Pod> ready) {
    EndpointSliceBuilder slice = new EndpointSliceBuilder().withNewMetadata().withName("reviews-x7k2p").withNamespace(NS)
        .withLabels(Map.of("kubernetes.io/service-name", "reviews")).endMetadata()
        .withAddressType("IPv4")
        .addNewPort().withName("http").withPort(9080).withProtocol("TCP").endPort();
    for (Pod pod : ready) {
      slice.addNewEndpoint().withAddresses(pod.getStatus().getPodIP()).withNewConditions().withReady(true).endConditions()
          .withNewTargetRef().withKind("Pod").withName(pod.getMetadata().getName()).withNamespace(NS).endTargetRef().endEndpoint();
    }
    return slice.build();
  }
}
