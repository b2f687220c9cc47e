package dev.meshlog.ingest.kubernetes.istio;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import java.util.Map;

/** Istio objects as the API server hands them to an informer, for tests. */
final class IstioObjects {

  private IstioObjects() {}

  static GenericKubernetesResource object(String apiVersion, String kind, String namespace, String name,
      Map<String, Object> spec, Map<String, String> annotations, List<ManagedFieldsEntry> managedFields) {
    GenericKubernetesResource object = new GenericKubernetesResource();
    object.setApiVersion(apiVersion);
    object.setKind(kind);
    object.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).withGeneration(3L)
        .withAnnotations(annotations).withManagedFields(managedFields).build());
    object.setAdditionalProperty("spec", spec);
    object.setAdditionalProperty("status", Map.of("observedGeneration", 2));
    return object;
  }

  static ManagedFieldsEntry managed(String manager, String operation, String time) {
    return new ManagedFieldsEntryBuilder().withManager(manager).withOperation(operation).withTime(time)
        .withApiVersion("networking.istio.io/v1").withFieldsType("FieldsV1").build();
  }

  /** A VirtualService for reviews splitting between v1 and v2. */
  static Map<String, Object> weights(int v1, int v2) {
    return Map.of("hosts", List.of("reviews"), "http", List.of(Map.of("route", List.of(
        Map.of("destination", Map.of("host", "reviews", "subset", "v1"), "weight", v1),
        Map.of("destination", Map.of("host", "reviews", "subset", "v2"), "weight", v2)))));
  }

  static GenericKubernetesResource virtualService(String namespace, String name, Map<String, Object> spec, ManagedFieldsEntry... managed) {
    return object("networking.istio.io/v1", "VirtualService", namespace, name, spec, Map.of(), List.of(managed));
  }
}
