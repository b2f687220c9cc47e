package dev.meshlog.cli.read;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meshlog.avro.ClusterChange;
import dev.meshlog.avro.ClusterEvent;
import dev.meshlog.avro.Envelope;
import dev.meshlog.avro.ServiceResource;
import dev.meshlog.avro.WorkloadResource;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClusterInventoryTest {

  private static ClusterEvent event(ClusterChange change, Object resource) {
    return ClusterEvent.newBuilder()
        .setEnvelope(Envelope.newBuilder().setId("x").setType("t").setSubject("s").setActor("a").setTime(Instant.EPOCH).build())
        .setChange(change).setResource(resource).build();
  }

  private static WorkloadResource workload(String name, String namespace, String service, String version) {
    return WorkloadResource.newBuilder().setName(name).setNamespace(namespace).setService(service)
        .setLabels(Map.of("app", service, "version", version)).setProxyId(name).setAddress("127.0.0.1").setPort(0).build();
  }

  @Test
  void shouldKnowServicesAndWorkloadsUntilTheyAreRemoved() {
    ClusterInventory inventory = ClusterInventory.fold(List.of(
        event(ClusterChange.REGISTERED, ServiceResource.newBuilder().setName("ratings").setNamespace("prod").build()),
        event(ClusterChange.REGISTERED, workload("reviews-v1", "default", "reviews", "v1")),
        event(ClusterChange.REGISTERED, workload("reviews-v2", "default", "reviews", "v2")),
        event(ClusterChange.REGISTERED, workload("details-v1", "default", "details", "v1")),
        event(ClusterChange.REMOVED, workload("details-v1", "default", "details", "v1")),
        event(ClusterChange.UPDATED, workload("reviews-v2", "default", "reviews", "v3"))));
    assertEquals(Set.of("ratings.prod.svc.cluster.local", "reviews.default.svc.cluster.local"), inventory.serviceHosts());
    assertEquals(List.of(
        new ClusterInventory.Workload("default", "reviews-v1", "reviews", Optional.of("reviews-v1"), Map.of("app", "reviews", "version", "v1")),
        new ClusterInventory.Workload("default", "reviews-v2", "reviews", Optional.of("reviews-v2"), Map.of("app", "reviews", "version", "v3"))),
        inventory.workloads());
    assertEquals(Optional.of("reviews-v1"), inventory.workloadOfProxy("reviews-v1").map(ClusterInventory.Workload::name));
    assertEquals(Optional.empty(), inventory.workloadOfProxy("details-v1"));
  }
}
