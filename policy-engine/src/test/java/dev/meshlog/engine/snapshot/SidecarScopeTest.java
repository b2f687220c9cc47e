package dev.meshlog.engine.snapshot;

import static dev.meshlog.engine.snapshot.Specs.DETAILS;
import static dev.meshlog.engine.snapshot.Specs.RATINGS;
import static dev.meshlog.engine.snapshot.Specs.REVIEWS;
import static dev.meshlog.engine.snapshot.Specs.dest;
import static dev.meshlog.engine.snapshot.Specs.http;
import static dev.meshlog.engine.snapshot.Specs.labels;
import static dev.meshlog.engine.snapshot.Specs.sidecar;
import static dev.meshlog.engine.snapshot.Specs.vs;
import static dev.meshlog.engine.snapshot.TestMesh.cluster;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.avro.ServiceEntryPort;
import dev.meshlog.avro.ServiceEntrySpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Sidecar scoping: which hosts a proxy gets routes and clusters for. */
class SidecarScopeTest {

  private static TestMesh mesh() {
    return new TestMesh()
        .workload("client", "default", "client", null, "client", 0)
        .workload("tester", "qa", "tester", null, "tester", 0)
        .workload("reviews-v1", "default", "reviews", "v1", null, 9081)
        .workload("ratings-v1", "default", "ratings", "v1", null, 9082)
        .workload("details-v1", "other", "details", "v1", null, 9083)
        .policy("ServiceEntry", "qa", "google", ServiceEntrySpec.newBuilder().setHosts(List.of("www.google.com"))
            .setPorts(List.of(ServiceEntryPort.newBuilder().setNumber(80).setName("http").setProtocol("HTTP").build())).build());
  }

  private static List<String> hosts(ProxyConfig config) {
    return config.routes().stream().map(ProxyConfig.Route::name).toList();
  }

  @Test
  void shouldGiveEveryHostToAProxyWithoutSidecar() {
    assertEquals(List.of(DETAILS, RATINGS, REVIEWS, "www.google.com"), hosts(mesh().config("client")));
  }

  @Test
  void shouldScopeToTheOwnNamespaceAndNamedHosts() {
    TestMesh mesh = mesh().policy("Sidecar", "default", "default", sidecar(Map.of(), "./*", "other/" + DETAILS));

    assertEquals(List.of(DETAILS, RATINGS, REVIEWS), hosts(mesh.config("client")));
    assertEquals(List.of(DETAILS, RATINGS, REVIEWS, "www.google.com"), hosts(mesh.config("tester")), "qa has no Sidecar");
  }

  @Test
  void shouldPreferTheSelectingSidecarOverTheNamespaceOne() {
    TestMesh mesh = mesh()
        .policy("Sidecar", "default", "default", sidecar(Map.of(), "./*"))
        .policy("Sidecar", "default", "client", sidecar(labels("app", "client"), "./" + RATINGS));

    assertEquals(List.of(RATINGS), hosts(mesh.config("client")));
  }

  @Test
  void shouldFallBackToTheRootNamespaceSidecar() {
    TestMesh mesh = mesh()
        .policy("Sidecar", "istio-system", "default", sidecar(Map.of(), "./*", "qa/*"))
        .policy("Sidecar", "default", "default", sidecar(Map.of(), "./*"));

    assertEquals(List.of("www.google.com"), hosts(mesh.config("tester")), "the root Sidecar's ./* is istio-system itself");
    assertEquals(List.of(RATINGS, REVIEWS), hosts(mesh.config("client")), "its own namespace's Sidecar wins");
  }

  @Test
  void shouldMatchWildcardDnsNamesInAnyNamespace() {
    TestMesh mesh = mesh().policy("Sidecar", "default", "default", sidecar(Map.of(), "*/*.google.com", "*/*.other.svc.cluster.local"));

    assertEquals(List.of(DETAILS, "www.google.com"), hosts(mesh.config("client")));
  }

  @Test
  void shouldKeepTheClusterOfADestinationOutsideTheScopeSoTheRouteStaysValid() {
    TestMesh mesh = mesh()
        .policy("Sidecar", "default", "default", sidecar(Map.of(), "./" + REVIEWS))
        .policy("VirtualService", "default", "reviews", vs(REVIEWS, http(dest(DETAILS, null, 100).build()).build()));

    ProxyConfig config = mesh.config("client");

    assertEquals(List.of(REVIEWS), hosts(config));
    assertEquals(List.of("details-v1"), cluster(config, "outbound|80||" + DETAILS).endpoints().stream().map(ProxyConfig.Endpoint::workload).toList());
    assertTrue(config.clusters().stream().noneMatch(c -> c.host().equals(RATINGS)));
  }
}
