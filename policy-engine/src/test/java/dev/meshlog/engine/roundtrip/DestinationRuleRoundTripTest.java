package dev.meshlog.engine.roundtrip;

import static dev.meshlog.engine.roundtrip.Bookinfo.DETAILS;
import static dev.meshlog.engine.roundtrip.Bookinfo.PRODUCTPAGE_V1;
import static dev.meshlog.engine.roundtrip.Bookinfo.RATINGS;
import static dev.meshlog.engine.roundtrip.Bookinfo.REVIEWS;
import static dev.meshlog.engine.roundtrip.Bookinfo.cluster;
import static dev.meshlog.engine.roundtrip.Snapshots.endpoints;
import static dev.meshlog.engine.roundtrip.Snapshots.workloads;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.avro.ClientTlsMode;
import dev.meshlog.avro.ClientTlsSpec;
import dev.meshlog.avro.ClusterConfig;
import dev.meshlog.avro.ConnectionPoolSpec;
import dev.meshlog.avro.ConsistentHashSpec;
import dev.meshlog.avro.OutlierDetectionSpec;
import dev.meshlog.avro.ProxySnapshot;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** DestinationRules, from YAML to the clusters a proxy receives: endpoints and resolved traffic policy. */
class DestinationRuleRoundTripTest extends MeshRoundTrip {

  @Test
  void shouldPickSubsetEndpointsByTheirLabels() {
    ProxySnapshot snapshot = mesh.apply(DESTINATION_RULES, "bookinfo/reviews-subsets").apply(VIRTUAL_SERVICES, "bookinfo/reviews-weighted")
        .snapshot(PRODUCTPAGE_V1);
    ClusterConfig v1 = Snapshots.cluster(snapshot, cluster(80, "v1", REVIEWS));
    assertEquals(List.of("reviews-v1"), workloads(v1));
    assertEquals(List.of("127.0.0.1:9081"), endpoints(v1));
    assertEquals("v1", v1.getSubset());
    assertEquals(List.of("reviews-v2"), workloads(Snapshots.cluster(snapshot, cluster(80, "v2", REVIEWS))));
    assertEquals(List.of("reviews-v1", "reviews-v2", "reviews-v3"), workloads(Snapshots.cluster(snapshot, cluster(REVIEWS))),
        "the host's own cluster keeps every endpoint");
    assertTrue(v1.getProvenance().contains("DestinationRule/bookinfo/reviews-subsets"), v1.getProvenance().toString());
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "ratings-round-robin, ROUND_ROBIN",
      "ratings-least-request, LEAST_REQUEST",
      "ratings-least-conn, LEAST_REQUEST",
      "ratings-random, RANDOM"})
  void shouldCarryEachSimpleLoadBalancer(String document, String loadBalancer) {
    ClusterConfig ratings = ratingsCluster(document);
    assertEquals(loadBalancer, ratings.getLoadBalancer());
    assertNull(ratings.getConsistentHash());
    assertTrue(ratings.getProvenance().contains("DestinationRule/bookinfo/" + document), "the rule shaped the cluster: " + ratings.getProvenance());
  }

  @Test
  void shouldHashOnAHeader() {
    ClusterConfig ratings = ratingsCluster("ratings-hash-header");
    assertEquals("RING_HASH", ratings.getLoadBalancer());
    assertEquals(new ConsistentHashSpec("x-user", null, null, null, false, 2048L), ratings.getConsistentHash());
  }

  @Test
  void shouldHashOnACookie() {
    ClusterConfig ratings = ratingsCluster("ratings-hash-cookie");
    assertEquals("RING_HASH", ratings.getLoadBalancer());
    assertEquals(new ConsistentHashSpec(null, "user", "/", 30_000L, false, 1024L), ratings.getConsistentHash());
  }

  @Test
  void shouldHashOnTheSourceIp() {
    ClusterConfig ratings = ratingsCluster("ratings-hash-source-ip");
    assertEquals("RING_HASH", ratings.getLoadBalancer());
    assertEquals(new ConsistentHashSpec(null, null, null, null, true, 1024L), ratings.getConsistentHash());
  }

  @Test
  void shouldCarryEveryConnectionPoolField() {
    assertEquals(new ConnectionPoolSpec(100, 30L, 10, 1000, 1, 3, 60_000L), detailsCluster("details-pool").getConnectionPool());
  }

  @Test
  void shouldCarryEveryOutlierDetectionField() {
    assertEquals(new OutlierDetectionSpec(5, 3, 10_000L, 30_000L, 50), detailsCluster("details-outlier").getOutlierDetection());
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({"details-mtls, ISTIO_MUTUAL", "details-plaintext, DISABLE"})
  void shouldCarryTheClientTlsMode(String document, ClientTlsMode mode) {
    assertEquals(new ClientTlsSpec(mode), detailsCluster(document).getTls());
  }

  @Test
  void shouldLetPortLevelSettingsOverrideTheTopLevelForThatPortOnly() {
    ProxySnapshot snapshot = portLevel();
    ClusterConfig port9080 = Snapshots.cluster(snapshot, cluster(9080, "", REVIEWS));
    assertEquals("LEAST_REQUEST", port9080.getLoadBalancer());
    assertEquals(1, port9080.getConnectionPool().getMaxConnections());

    ClusterConfig port80 = Snapshots.cluster(snapshot, cluster(REVIEWS));
    assertEquals("ROUND_ROBIN", port80.getLoadBalancer());
    assertEquals(10, port80.getConnectionPool().getMaxConnections());
    assertEquals(7, port80.getOutlierDetection().getConsecutive5xxErrors());
  }

  /**
   * Istio's TrafficPolicy.portLevelSettings: "Traffic settings specified at the destination-level will not be inherited
   * when overridden by port-level settings, i.e. default values will be applied to fields omitted in port-level traffic
   * policies" (pilot's GetPortLevelTrafficPolicy copies the port entry's four fields, nil when omitted).
   */
  @Test
  void shouldNotInheritWhatPortLevelSettingsOmit() {
    ClusterConfig port9080 = Snapshots.cluster(portLevel(), cluster(9080, "", REVIEWS));
    assertNull(port9080.getOutlierDetection(), "the 9080 entry sets no outlier detection: Envoy's default, not the top level's");
  }

  @Test
  void shouldLetASubsetsPortLevelSettingsOverrideItForThatPortOnly() {
    ProxySnapshot snapshot = subsetPortLevel();
    assertEquals("LEAST_REQUEST", Snapshots.cluster(snapshot, cluster(9080, "v2", REVIEWS)).getLoadBalancer());
    ClusterConfig v2port80 = Snapshots.cluster(snapshot, cluster(80, "v2", REVIEWS));
    assertEquals("RANDOM", v2port80.getLoadBalancer());
    assertEquals(new ClientTlsSpec(ClientTlsMode.ISTIO_MUTUAL), v2port80.getTls());
  }

  /** Istio's MergeSubsetTrafficPolicy: a subset port-level entry for the port replaces all four settings (hasPortLevel). */
  @Test
  void shouldNotInheritWhatASubsetsPortLevelSettingsOmit() {
    assertNull(Snapshots.cluster(subsetPortLevel(), cluster(9080, "v2", REVIEWS)).getTls(),
        "the subset's 9080 entry sets no tls: Envoy's default, not the DestinationRule's");
  }

  @Test
  void shouldLetASubsetTrafficPolicyOverrideTheTopLevelForThatSubsetOnly() {
    ProxySnapshot snapshot = mesh.apply(DESTINATION_RULES, "bookinfo/reviews-subset-policy").apply(VIRTUAL_SERVICES, "bookinfo/reviews-weighted")
        .snapshot(PRODUCTPAGE_V1);
    ClusterConfig v1 = Snapshots.cluster(snapshot, cluster(80, "v1", REVIEWS));
    ClusterConfig v2 = Snapshots.cluster(snapshot, cluster(80, "v2", REVIEWS));
    assertEquals("ROUND_ROBIN", v1.getLoadBalancer());
    assertNull(v1.getConnectionPool());
    assertEquals("RANDOM", v2.getLoadBalancer());
    assertEquals(9, v2.getConnectionPool().getMaxRetries());
    assertEquals(new ClientTlsSpec(ClientTlsMode.ISTIO_MUTUAL), v1.getTls());
    assertEquals(new ClientTlsSpec(ClientTlsMode.ISTIO_MUTUAL), v2.getTls(), "what the subset does not set comes from the top level");
    assertEquals(List.of("reviews-v2"), workloads(v2));
  }

  private ProxySnapshot portLevel() {
    return mesh.apply(DESTINATION_RULES, "bookinfo/reviews-port-level").apply(VIRTUAL_SERVICES, "bookinfo/reviews-ports")
        .snapshot(PRODUCTPAGE_V1);
  }

  private ProxySnapshot subsetPortLevel() {
    return mesh.apply(DESTINATION_RULES, "bookinfo/reviews-subset-port-level").apply(VIRTUAL_SERVICES, "bookinfo/reviews-v2-ports")
        .snapshot(PRODUCTPAGE_V1);
  }

  private ClusterConfig ratingsCluster(String document) {
    return Snapshots.cluster(mesh.apply(DESTINATION_RULES, "bookinfo/" + document).snapshot(PRODUCTPAGE_V1), cluster(RATINGS));
  }

  private ClusterConfig detailsCluster(String document) {
    return Snapshots.cluster(mesh.apply(DESTINATION_RULES, "bookinfo/" + document).snapshot(PRODUCTPAGE_V1), cluster(DETAILS));
  }
}
