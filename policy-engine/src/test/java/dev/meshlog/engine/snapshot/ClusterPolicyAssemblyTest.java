package dev.meshlog.engine.snapshot;

import static dev.meshlog.engine.snapshot.Specs.REVIEWS;
import static dev.meshlog.engine.snapshot.Specs.dest;
import static dev.meshlog.engine.snapshot.Specs.dr;
import static dev.meshlog.engine.snapshot.Specs.http;
import static dev.meshlog.engine.snapshot.Specs.labels;
import static dev.meshlog.engine.snapshot.Specs.subset;
import static dev.meshlog.engine.snapshot.Specs.vs;
import static dev.meshlog.engine.snapshot.TestMesh.cluster;
import static dev.meshlog.engine.snapshot.TestMesh.route;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.avro.ClientTlsMode;
import dev.meshlog.avro.ClientTlsSpec;
import dev.meshlog.avro.ConnectionPoolSpec;
import dev.meshlog.avro.ConsistentHashSpec;
import dev.meshlog.avro.LoadBalancerSpec;
import dev.meshlog.avro.OutlierDetectionSpec;
import dev.meshlog.avro.PortTrafficPolicySpec;
import dev.meshlog.avro.ServiceEntryLocation;
import dev.meshlog.avro.ServiceEntryPort;
import dev.meshlog.avro.ServiceEntryResolution;
import dev.meshlog.avro.ServiceEntrySpec;
import dev.meshlog.avro.SimpleLb;
import dev.meshlog.avro.TrafficPolicySpec;
import dev.meshlog.avro.WorkloadEntrySpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** DestinationRule traffic policy resolution and ServiceEntry clusters, as they reach a proxy's clusters. */
class ClusterPolicyAssemblyTest {

  private static final String ALL = "outbound|80||" + REVIEWS;
  private static final String V1 = "outbound|80|v1|" + REVIEWS;
  private static final String V2 = "outbound|80|v2|" + REVIEWS;

  private static TestMesh mesh() {
    return new TestMesh()
        .workload("client", "default", "client", null, "client", 0)
        .workload("reviews-v1", "default", "reviews", "v1", null, 9081)
        .workload("reviews-v2", "default", "reviews", "v2", null, 9082)
        .policy("VirtualService", "default", "reviews", vs(REVIEWS, http(dest(REVIEWS, "v1", 50).build(), dest(REVIEWS, "v2", 50).build()).build()));
  }

  private static TrafficPolicySpec lb(SimpleLb simple) {
    return TrafficPolicySpec.newBuilder().setLoadBalancer(LoadBalancerSpec.newBuilder().setSimple(simple).build()).build();
  }

  private static ProxyConfig withRule(TrafficPolicySpec top, TrafficPolicySpec v2) {
    return mesh().policy("DestinationRule", "default", "reviews", dr(REVIEWS, top, subset("v1", "v1", null), subset("v2", "v2", v2)))
        .config("client");
  }

  @Test
  void shouldDefaultToRoundRobinWithoutADestinationRule() {
    ProxyConfig.Cluster all = cluster(mesh().config("client"), ALL);
    assertEquals(TrafficSettings.DEFAULT, all.policy());
    assertEquals(List.of(), all.provenance());
  }

  @Test
  void shouldApplySimpleLoadBalancersLeastRequestAndRandom() {
    ProxyConfig config = withRule(lb(SimpleLb.LEAST_REQUEST), lb(SimpleLb.RANDOM));
    assertEquals("LEAST_REQUEST", cluster(config, ALL).loadBalancer());
    assertEquals("LEAST_REQUEST", cluster(config, V1).loadBalancer(), "a subset without a policy inherits the rule's");
    assertEquals("RANDOM", cluster(config, V2).loadBalancer(), "a subset's policy overrides the rule's");
  }

  @Test
  void shouldUseRingHashWhenAConsistentHashIsSet() {
    ConsistentHashSpec hash = ConsistentHashSpec.newBuilder().setHttpHeaderName("x-user").build();
    TrafficPolicySpec top = TrafficPolicySpec.newBuilder().setLoadBalancer(LoadBalancerSpec.newBuilder().setConsistentHash(hash).build()).build();

    ProxyConfig.Cluster all = cluster(withRule(top, null), ALL);

    assertEquals("RING_HASH", all.loadBalancer());
    assertEquals(Optional.of(hash), all.policy().consistentHash());
  }

  @Test
  void shouldCopyConnectionPoolOutlierDetectionAndTls() {
    ConnectionPoolSpec pool = ConnectionPoolSpec.newBuilder().setMaxConnections(10).setHttp1MaxPendingRequests(5).build();
    OutlierDetectionSpec outlier = OutlierDetectionSpec.newBuilder().setConsecutive5xxErrors(3).setIntervalMs(1000L).build();
    ClientTlsSpec tls = new ClientTlsSpec(ClientTlsMode.ISTIO_MUTUAL);
    TrafficPolicySpec top = TrafficPolicySpec.newBuilder().setConnectionPool(pool).setOutlierDetection(outlier).setTls(tls).build();

    ProxyConfig.Cluster v1 = cluster(withRule(top, null), V1);

    assertEquals(Optional.of(pool), v1.policy().connectionPool());
    assertEquals(Optional.of(outlier), v1.policy().outlierDetection());
    assertEquals(Optional.of(tls), v1.policy().tls());
    assertEquals(List.of("DestinationRule/default/reviews", "VirtualService/default/reviews"), v1.provenance());
  }

  @Test
  void shouldLetPortLevelSettingsOverrideTheRuleAndSubsetSettingsOverrideBoth() {
    ConnectionPoolSpec small = ConnectionPoolSpec.newBuilder().setMaxConnections(1).build();
    ConnectionPoolSpec large = ConnectionPoolSpec.newBuilder().setMaxConnections(100).build();
    TrafficPolicySpec top = TrafficPolicySpec.newBuilder().setLoadBalancer(LoadBalancerSpec.newBuilder().setSimple(SimpleLb.RANDOM).build())
        .setConnectionPool(small)
        .setPortLevelSettings(List.of(PortTrafficPolicySpec.newBuilder().setPort(80)
            .setLoadBalancer(LoadBalancerSpec.newBuilder().setSimple(SimpleLb.LEAST_REQUEST).build()).build(),
            PortTrafficPolicySpec.newBuilder().setPort(9999).setConnectionPool(large).build()))
        .build();
    TrafficPolicySpec v2 = TrafficPolicySpec.newBuilder()
        .setPortLevelSettings(List.of(PortTrafficPolicySpec.newBuilder().setPort(80).setConnectionPool(large).build())).build();

    ProxyConfig config = withRule(top, v2);

    assertEquals("LEAST_REQUEST", cluster(config, V1).loadBalancer(), "port 80 settings beat the rule's RANDOM");
    assertEquals(Optional.empty(), cluster(config, V1).policy().connectionPool(),
        "the port 80 entry replaces the rule's settings whole, as in Istio: the top-level pool is not inherited (nor 9999's)");
    assertEquals(Optional.of(large), cluster(config, V2).policy().connectionPool(), "the subset's port-level settings win");
    assertEquals("ROUND_ROBIN", cluster(config, V2).loadBalancer(),
        "a subset port-level entry overwrites all four settings, so the unset balancer is the default");
  }

  @Test
  void shouldSelectSubsetEndpointsByLabels() {
    ProxyConfig config = withRule(null, null);
    assertEquals(List.of("reviews-v1"), cluster(config, V1).endpoints().stream().map(ProxyConfig.Endpoint::workload).toList());
    assertEquals(List.of("reviews-v2"), cluster(config, V2).endpoints().stream().map(ProxyConfig.Endpoint::workload).toList());
  }

  private static ServiceEntrySpec.Builder entry(String host, ServiceEntryResolution resolution, WorkloadEntrySpec... endpoints) {
    return ServiceEntrySpec.newBuilder().setHosts(List.of(host))
        .setPorts(List.of(ServiceEntryPort.newBuilder().setNumber(443).setName("https").setProtocol("TLS").setTargetPort(8443).build()))
        .setResolution(resolution).setEndpoints(List.of(endpoints));
  }

  @Test
  void shouldBuildAStaticServiceEntryClusterWithPortsByNameElseTargetPort() {
    WorkloadEntrySpec named = WorkloadEntrySpec.newBuilder().setAddress("10.0.0.2").setPorts(new LinkedHashMap<>(Map.of("https", 9443)))
        .setWeight(3).build();
    WorkloadEntrySpec unnamed = WorkloadEntrySpec.newBuilder().setAddress("10.0.0.1").setLabels(new LinkedHashMap<>(labels("zone", "a"))).build();
    ProxyConfig config = new TestMesh().workload("client", "default", "client", null, "client", 0)
        .policy("ServiceEntry", "default", "payments", entry("payments.example.com", ServiceEntryResolution.STATIC, named, unnamed)
            .setLocation(ServiceEntryLocation.MESH_INTERNAL).build())
        .config("client");

    ProxyConfig.Cluster payments = cluster(config, "outbound|443||payments.example.com");
    assertEquals("STATIC", payments.resolution());
    assertFalse(payments.external());
    assertEquals(List.of("10.0.0.1:8443:1", "10.0.0.2:9443:3"),
        payments.endpoints().stream().map(e -> e.address() + ":" + e.port() + ":" + e.weight()).toList());
    assertEquals(List.of("ServiceEntry/default/payments"), payments.provenance());
    assertEquals(List.of("payments.example.com"), route(config, "payments.example.com").domains());
    assertEquals(443, route(config, "payments.example.com").port());
  }

  @Test
  void shouldResolveAnExternalDnsServiceEntryByItsHostWhenItListsNoEndpoints() {
    ProxyConfig config = new TestMesh().workload("client", "default", "client", null, "client", 0)
        .policy("ServiceEntry", "default", "google", entry("www.google.com", ServiceEntryResolution.DNS).build())
        .config("client");

    ProxyConfig.Cluster google = cluster(config, "outbound|443||www.google.com");
    assertTrue(google.external(), "MESH_EXTERNAL is the default location");
    assertEquals("DNS", google.resolution());
    assertEquals(List.of("www.google.com:8443"), google.endpoints().stream().map(e -> e.address() + ":" + e.port()).toList());
  }

  @Test
  void shouldGiveANoneResolutionServiceEntryNoEndpoints() {
    WorkloadEntrySpec ignored = WorkloadEntrySpec.newBuilder().setAddress("10.0.0.1").build();
    ProxyConfig config = new TestMesh().workload("client", "default", "client", null, "client", 0)
        .policy("ServiceEntry", "default", "legacy", entry("legacy.internal", ServiceEntryResolution.NONE, ignored).build())
        .config("client");

    ProxyConfig.Cluster legacy = cluster(config, "outbound|443||legacy.internal");
    assertEquals("NONE", legacy.resolution());
    assertTrue(legacy.endpoints().isEmpty());
  }
}
