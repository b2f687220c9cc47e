package dev.meshlog.ingest.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.meshlog.ingest.registry.Desired;
import dev.meshlog.ingest.registry.ServiceRecord;
import dev.meshlog.ingest.registry.WorkloadRecord;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClusterMappingTest {

  static Service service(String name) {
    return new ServiceBuilder().withNewMetadata().withName(name).withNamespace("shop").withLabels(Map.of("app", name))
        .addNewManagedField().withManager("kubectl-client-side-apply").withTime("2026-01-01T00:00:00Z").withOperation("Update").endManagedField()
        .endMetadata()
        .withNewSpec().withSelector(Map.of("app", name))
        .addNewPort().withName("http-web").withPort(80).withNewTargetPort(9080).endPort()
        .addNewPort().withName("grpc").withPort(7070).withNewTargetPort(7070).endPort()
        .endSpec().build();
  }

  static Pod pod(String name, String app, boolean sidecar) {
    PodBuilder pod = new PodBuilder().withNewMetadata().withName(name).withNamespace("shop").withLabels(Map.of("app", app, "version", "v1"))
        .withAnnotations(Map.of("meshlog.dev/reason", "rollout 42"))
        .withManagedFields(
            new ManagedFieldsEntryBuilder().withManager("kube-controller-manager").withTime("2026-01-01T00:00:05Z").build(),
            new ManagedFieldsEntryBuilder().withManager("kubelet").withSubresource("status").withTime("2026-01-01T00:00:09Z").build(),
            new ManagedFieldsEntryBuilder().withManager("kube-scheduler").withTime("2026-01-01T00:00:07Z").build())
        .endMetadata()
        .withNewSpec().withServiceAccountName(app).addNewContainer().withName("app").endContainer().endSpec()
        .withNewStatus().withPodIP("10.1.0." + name.length()).withPhase("Running").endStatus();
    if (sidecar) {
      pod.editSpec().addNewContainer().withName(ClusterMapping.SIDECAR_CONTAINER).endContainer().endSpec();
    }
    return pod.build();
  }

  static EndpointSlice slice(String service, Map<String, Boolean> readyByPod) {
    EndpointSliceBuilder slice = new EndpointSliceBuilder().withNewMetadata().withName(service + "-abc").withNamespace("shop")
        .withLabels(Map.of(Endpoints.SERVICE_NAME_LABEL, service)).endMetadata()
        .withAddressType("IPv4")
        .addNewPort().withName("grpc").withPort(7070).endPort()
        .addNewPort().withName("http-web").withPort(9080).endPort();
    readyByPod.forEach((pod, ready) -> slice.addNewEndpoint().withAddresses("10.9.9.9")
        .withNewConditions().withReady(ready).endConditions()
        .withNewTargetRef().withKind("Pod").withName(pod).withNamespace("shop").endTargetRef().endEndpoint());
    return slice.build();
  }

  @Test
  void shouldMapAServiceWithPortsProtocolsLabelsAndActor() {
    Map<String, Desired> desired = ClusterMapping.desired(List.of(service("reviews")), List.of(), List.of());
    Desired service = desired.get("Service/shop/reviews");
    assertEquals(ServiceRecord.of("reviews", "shop",
        List.of(new ServiceRecord.Port("http-web", 80, "HTTP"), new ServiceRecord.Port("grpc", 7070, "GRPC")), Map.of("app", "reviews")),
        service.resource());
    assertEquals("kubectl-client-side-apply", service.attribution().actor());
  }

  @Test
  void shouldMapAReadySidecarPodToAnEndpointOnTheTargetPortForTheFirstServicePort() {
    Map<String, Desired> desired = ClusterMapping.desired(List.of(service("reviews")),
        List.of(slice("reviews", Map.of("reviews-1", true))), List.of(pod("reviews-1", "reviews", true)));
    Desired workload = desired.get("Workload/shop/reviews-1");
    assertEquals(WorkloadRecord.of("reviews-1", "shop", "reviews", "reviews", Map.of("app", "reviews", "version", "v1"),
        Optional.of("reviews-1.shop"), "10.1.0.9", 9080, 80), workload.resource());
    assertEquals("kube-scheduler", workload.attribution().actor(), "the newest managedFields entry on the pod itself, not the kubelet's status");
    assertEquals("rollout 42", workload.attribution().reason());
  }

  @Test
  void shouldKeepASidecarPodThatIsNotReadyAsAProxyWithoutAnEndpoint() {
    Map<String, Desired> desired = ClusterMapping.desired(List.of(service("reviews")),
        List.of(slice("reviews", Map.of("reviews-1", false))), List.of(pod("reviews-1", "reviews", true), pod("reviews-2", "reviews", true)));
    for (String name : List.of("reviews-1", "reviews-2")) {
      WorkloadRecord w = (WorkloadRecord) desired.get("Workload/shop/" + name).resource();
      assertEquals(0, w.port(), name + " is no endpoint");
      assertEquals(80, w.servicePort(), name + " serves no service port: the schema default");
      assertEquals("reviews", w.service(), name + ": listed by the slice, or selected by the Service");
      assertEquals(Optional.of(name + ".shop"), w.proxyId());
    }
  }

  @Test
  void shouldMapAPlainPodOnlyWhileItIsAReadyEndpoint() {
    List<Service> services = List.of(service("db"));
    List<Pod> pods = List.of(pod("db-0", "db", false));
    WorkloadRecord ready = (WorkloadRecord) ClusterMapping.desired(services, List.of(slice("db", Map.of("db-0", true))), pods)
        .get("Workload/shop/db-0").resource();
    assertEquals(Optional.empty(), ready.proxyId());
    assertEquals(9080, ready.port());
    assertFalse(ClusterMapping.desired(services, List.of(slice("db", Map.of("db-0", false))), pods).containsKey("Workload/shop/db-0"));
    assertFalse(ClusterMapping.desired(services, List.of(), pods).containsKey("Workload/shop/db-0"));
  }

  @Test
  void shouldPickTheFirstServiceByNameWhenSeveralListThePod() {
    Map<String, Desired> desired = ClusterMapping.desired(List.of(service("zeta"), service("alpha")),
        List.of(slice("zeta", Map.of("p", true)), slice("alpha", Map.of("p", true))), List.of(pod("p", "x", true)));
    assertEquals("alpha", ((WorkloadRecord) desired.get("Workload/shop/p").resource()).service());
  }

  @Test
  void shouldLetTheActorAnnotationWinAndDropFinishedPods() {
    Pod annotated = new PodBuilder(pod("reviews-1", "reviews", true)).editMetadata()
        .addToAnnotations(ObjectActor.ACTOR_ANNOTATION, "ci:deploy-bot").endMetadata().build();
    assertEquals("ci:deploy-bot", ObjectActor.of(annotated).actor());
    assertEquals("kubernetes", ObjectActor.of(new PodBuilder().withNewMetadata().withName("x").endMetadata().build()).actor());
    Pod done = new PodBuilder(pod("job-1", "job", true)).editStatus().withPhase("Succeeded").endStatus().build();
    assertFalse(ClusterMapping.desired(List.of(), List.of(), List.of(done)).containsKey("Workload/shop/job-1"));
  }
}
