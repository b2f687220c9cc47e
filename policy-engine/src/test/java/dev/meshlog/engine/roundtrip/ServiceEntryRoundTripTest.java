package dev.meshlog.engine.roundtrip;

import static dev.meshlog.engine.roundtrip.Bookinfo.DETAILS;
import static dev.meshlog.engine.roundtrip.Bookinfo.PRODUCTPAGE_V1;
import static dev.meshlog.engine.roundtrip.Bookinfo.cluster;
import static dev.meshlog.engine.roundtrip.Snapshots.endpoints;
import static dev.meshlog.engine.roundtrip.Snapshots.route;
import static dev.meshlog.engine.roundtrip.Snapshots.rule;
import static dev.meshlog.engine.roundtrip.Snapshots.split;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.avro.ClientTlsMode;
import dev.meshlog.avro.ClientTlsSpec;
import dev.meshlog.avro.ClusterConfig;
import dev.meshlog.avro.EndpointConfig;
import dev.meshlog.avro.ProxySnapshot;
import dev.meshlog.avro.RouteConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** ServiceEntries, from YAML to the routes and clusters a proxy receives for hosts the registry does not know. */
class ServiceEntryRoundTripTest extends MeshRoundTrip {

  private static final String PARTNER = "api.partner.example";

  @Test
  void shouldGiveAStaticEntryItsAddressesOnTheirPorts() {
    ProxySnapshot snapshot = mesh.apply(SERVICE_ENTRIES, "bookinfo/partner-api").snapshot(PRODUCTPAGE_V1);
    RouteConfig route = route(snapshot, PARTNER);
    assertEquals(443, route.getPort(), "an entry's route is on its declared port");
    assertEquals(List.of(PARTNER), route.getDomains(), "an entry host is called by its name only");
    ClusterConfig partner = Snapshots.cluster(snapshot, cluster(443, "", PARTNER));
    assertEquals("STATIC", partner.getResolution());
    assertEquals(List.of("192.0.2.10:8443", "192.0.2.11:9443"), endpoints(partner),
        "an endpoint's own port for the port's name, else the port's targetPort");
    EndpointConfig first = partner.getEndpoints().get(0);
    assertEquals(3, first.getWeight());
    assertEquals(Map.of("zone", "eu"), first.getLabels());
    assertEquals(1, partner.getEndpoints().get(1).getWeight());
    assertEquals(List.of("ServiceEntry/bookinfo/partner-api"), partner.getProvenance());
  }

  @Test
  void shouldLetTheProxyResolveADnsEntryWithoutEndpointsByItsHost() {
    ClusterConfig httpbin = Snapshots.cluster(mesh.apply(SERVICE_ENTRIES, "bookinfo/httpbin").snapshot(PRODUCTPAGE_V1), cluster("httpbin.org"));
    assertEquals("DNS", httpbin.getResolution());
    assertEquals(List.of("httpbin.org:80"), endpoints(httpbin));
  }

  @Test
  void shouldLetTheProxyResolveTheNamesOfADnsEntrysEndpoints() {
    ClusterConfig downloads = Snapshots.cluster(mesh.apply(SERVICE_ENTRIES, "bookinfo/mirror-sites").snapshot(PRODUCTPAGE_V1),
        cluster(443, "", "downloads.example"));
    assertEquals("DNS", downloads.getResolution());
    assertEquals(List.of("eu.downloads.example:443", "us.downloads.example:8443"), endpoints(downloads));
  }

  @Test
  void shouldForwardANoneEntryToTheOriginalDestination() {
    ClusterConfig db = Snapshots.cluster(mesh.apply(SERVICE_ENTRIES, "bookinfo/legacy-db").snapshot(PRODUCTPAGE_V1),
        cluster(3306, "", "db.corp.example"));
    assertEquals("NONE", db.getResolution());
    assertEquals(List.of(), db.getEndpoints(), "no endpoints: the proxy connects to the address the client asked for");
  }

  @Test
  void shouldMarkOnlyMeshExternalEntriesExternal() {
    ProxySnapshot snapshot = mesh.apply(SERVICE_ENTRIES, "bookinfo/partner-api", "bookinfo/reviews-vms").snapshot(PRODUCTPAGE_V1);
    assertTrue(Snapshots.cluster(snapshot, cluster(443, "", PARTNER)).getExternal(), "MESH_EXTERNAL: no sidecar at the other end");
    ClusterConfig vms = Snapshots.cluster(snapshot, cluster(9080, "", "reviews.vm.internal"));
    assertFalse(vms.getExternal(), "MESH_INTERNAL: VMs with sidecars");
    assertEquals(List.of("10.1.0.5:9080"), endpoints(vms));
  }

  @Test
  void shouldPickAnEntrysEndpointsByTheLabelsOfADestinationRuleSubset() {
    ProxySnapshot snapshot = mesh.apply(SERVICE_ENTRIES, "bookinfo/partner-api").apply(DESTINATION_RULES, "bookinfo/partner-zones")
        .apply(VIRTUAL_SERVICES, "bookinfo/partner-eu").snapshot(PRODUCTPAGE_V1);
    assertEquals(List.of(cluster(443, "eu", PARTNER) + "=100"), split(rule(snapshot, PARTNER, "eu-only")),
        "no port written: the entry's port");
    ClusterConfig eu = Snapshots.cluster(snapshot, cluster(443, "eu", PARTNER));
    assertEquals(List.of("192.0.2.10:8443"), endpoints(eu));
    assertEquals(new ClientTlsSpec(ClientTlsMode.DISABLE), eu.getTls());
    assertTrue(eu.getExternal());
    assertEquals(List.of("DestinationRule/bookinfo/partner-zones", "ServiceEntry/bookinfo/partner-api", "VirtualService/bookinfo/partner-eu"),
        eu.getProvenance());
  }

  @Test
  void shouldRouteToAnEntryHostNamedInAVirtualService() {
    ProxySnapshot snapshot = mesh.apply(SERVICE_ENTRIES, "bookinfo/httpbin").apply(VIRTUAL_SERVICES, "bookinfo/details-dotted")
        .snapshot(PRODUCTPAGE_V1);
    assertEquals(List.of(cluster("httpbin.org") + "=100"), split(rule(snapshot, DETAILS, "dotted")));
    ClusterConfig httpbin = Snapshots.cluster(snapshot, cluster("httpbin.org"));
    assertEquals(List.of("httpbin.org:80"), endpoints(httpbin));
    assertTrue(httpbin.getExternal());
    assertEquals(List.of("ServiceEntry/bookinfo/httpbin", "VirtualService/bookinfo/details-dotted"), httpbin.getProvenance());
  }
}
