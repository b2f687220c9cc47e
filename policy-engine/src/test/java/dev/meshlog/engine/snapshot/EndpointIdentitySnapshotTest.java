package dev.meshlog.engine.snapshot;

import static dev.meshlog.engine.MeshFixtures.REVIEWS;
import static dev.meshlog.engine.MeshFixtures.workload;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.avro.ClusterConfig;
import dev.meshlog.avro.ClusterEvent;
import dev.meshlog.avro.EndpointConfig;
import dev.meshlog.avro.Operation;
import dev.meshlog.avro.ProxySnapshot;
import dev.meshlog.avro.ServiceEntryLocation;
import dev.meshlog.avro.ServiceEntryPort;
import dev.meshlog.avro.ServiceEntryResolution;
import dev.meshlog.avro.ServiceEntrySpec;
import dev.meshlog.avro.WorkloadEntrySpec;
import dev.meshlog.avro.WorkloadResource;
import dev.meshlog.engine.MeshFixtures;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every workload endpoint names the SPIFFE identity its certificate carries; addresses outside the mesh name none. */
class EndpointIdentitySnapshotTest {

  private static final Duration QUIET = Duration.ofMillis(150);

  @TempDir
  Path stateDir;

  private SnapshotHarness mesh;

  @AfterEach
  void stop() {
    if (mesh != null) {
      mesh.close();
    }
  }

  private static ClusterEvent withServiceAccount(ClusterEvent event, String serviceAccount) {
    ((WorkloadResource) event.getResource()).setServiceAccount(serviceAccount);
    return event;
  }

  private Map<String, ProxySnapshot> push() {
    mesh.advance(QUIET);
    Map<String, ProxySnapshot> latest = new TreeMap<>();
    for (KeyValue<String, ProxySnapshot> kv : mesh.published()) {
      latest.put(kv.key, kv.value);
    }
    return latest;
  }

  private static ClusterConfig cluster(ProxySnapshot snapshot, String name) {
    return snapshot.getClusters().stream().filter(c -> c.getName().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no cluster " + name + " in " + snapshot.getClusters().stream().map(ClusterConfig::getName).toList()));
  }

  private static Map<String, String> identities(ClusterConfig cluster) {
    Map<String, String> byWorkload = new TreeMap<>();
    cluster.getEndpoints().forEach(e -> byWorkload.put(e.getWorkload(), e.getIdentity()));
    return byWorkload;
  }

  @Test
  void shouldNameEachWorkloadEndpointByItsNamespaceAndServiceAccount() {
    mesh = new SnapshotHarness(stateDir, SnapshotHarness.DEBOUNCE);
    mesh.cluster(workload("client", "qa", "client", null, "client", 0));
    mesh.cluster(withServiceAccount(workload("reviews-v1", "default", "reviews", "v1", null, 9081), "bookinfo-reviews"));
    mesh.cluster(workload("reviews-v2", "default", "reviews", "v2", null, 9082)); // serviceAccount "default", as a sidecar registers

    ProxySnapshot client = push().get("client");

    assertEquals(Map.of("reviews-v1", "spiffe://cluster.local/ns/default/sa/bookinfo-reviews",
        "reviews-v2", "spiffe://cluster.local/ns/default/sa/default"), identities(cluster(client, "outbound|80||" + REVIEWS)));
  }

  @Test
  void shouldNameIdentitiesInTheConfiguredTrustDomain() {
    mesh = new SnapshotHarness(stateDir, SnapshotHarness.DEBOUNCE, "corp.example");
    mesh.cluster(workload("client", "default", "client", null, "client", 0));
    mesh.cluster(withServiceAccount(workload("reviews-v1", "default", "reviews", "v1", null, 9081), "reviews"));

    ProxySnapshot client = push().get("client");

    assertEquals(Map.of("reviews-v1", "spiffe://corp.example/ns/default/sa/reviews"), identities(cluster(client, "outbound|80||" + REVIEWS)));
  }

  @Test
  void shouldRepublishCallersWhenAnEndpointsServiceAccountChanges() {
    mesh = new SnapshotHarness(stateDir, SnapshotHarness.DEBOUNCE);
    mesh.cluster(workload("client", "default", "client", null, "client", 0));
    mesh.cluster(workload("reviews-v1", "default", "reviews", "v1", null, 9081));
    push();

    mesh.cluster(withServiceAccount(workload("reviews-v1", "default", "reviews", "v1", null, 9081), "reviews"));
    Map<String, ProxySnapshot> after = push();

    assertEquals(List.of("client"), List.copyOf(after.keySet()));
    assertEquals(Map.of("reviews-v1", "spiffe://cluster.local/ns/default/sa/reviews"),
        identities(cluster(after.get("client"), "outbound|80||" + REVIEWS)));
    assertEquals(3L, after.get("client").getVersion());
  }

  @Test
  void shouldSkipAWorkloadWhoseServiceAccountCannotBeAnIdentity() {
    mesh = new SnapshotHarness(stateDir, SnapshotHarness.DEBOUNCE);
    mesh.cluster(workload("client", "default", "client", null, "client", 0));
    mesh.cluster(withServiceAccount(workload("reviews-v1", "default", "reviews", "v1", null, 9081), "a/../b"));
    mesh.cluster(workload("reviews-v2", "default", "reviews", "v2", null, 9082));

    ProxySnapshot client = push().get("client");

    assertEquals(Map.of("reviews-v2", "spiffe://cluster.local/ns/default/sa/default"), identities(cluster(client, "outbound|80||" + REVIEWS)));
  }

  private static ServiceEntrySpec entry(String host, ServiceEntryLocation location, ServiceEntryResolution resolution,
      WorkloadEntrySpec... endpoints) {
    return ServiceEntrySpec.newBuilder().setHosts(List.of(host))
        .setPorts(List.of(ServiceEntryPort.newBuilder().setNumber(443).setName("https").setProtocol("TLS").build()))
        .setLocation(location).setResolution(resolution).setEndpoints(List.of(endpoints)).build();
  }

  @Test
  void shouldLeaveServiceEntryEndpointsWithoutIdentity() {
    mesh = new SnapshotHarness(stateDir, SnapshotHarness.DEBOUNCE);
    mesh.cluster(workload("client", "default", "client", null, "client", 0));
    mesh.accept(MeshFixtures.command("00000000-0000-0000-0000-000000000001", Operation.UPSERT, "ServiceEntry", "default", "payments",
        entry("payments.example.com", ServiceEntryLocation.MESH_EXTERNAL, ServiceEntryResolution.STATIC,
            WorkloadEntrySpec.newBuilder().setAddress("10.0.0.1").build())));
    mesh.accept(MeshFixtures.command("00000000-0000-0000-0000-000000000002", Operation.UPSERT, "ServiceEntry", "default", "google",
        entry("www.google.com", ServiceEntryLocation.MESH_EXTERNAL, ServiceEntryResolution.DNS)));
    mesh.accept(MeshFixtures.command("00000000-0000-0000-0000-000000000003", Operation.UPSERT, "ServiceEntry", "default", "legacy",
        entry("legacy.internal", ServiceEntryLocation.MESH_INTERNAL, ServiceEntryResolution.STATIC,
            WorkloadEntrySpec.newBuilder().setAddress("10.0.0.9").build())));

    ProxySnapshot client = push().get("client");

    for (String name : List.of("outbound|443||payments.example.com", "outbound|443||www.google.com", "outbound|443||legacy.internal")) {
      List<EndpointConfig> endpoints = cluster(client, name).getEndpoints();
      assertFalse(endpoints.isEmpty(), name);
      assertTrue(endpoints.stream().allMatch(e -> e.getIdentity().isEmpty()), name + ": " + endpoints);
    }
  }
}
