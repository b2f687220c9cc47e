package dev.meshlog.cli.provenance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshlog.avro.AuthorizationConfig;
import dev.meshlog.avro.AuthzAction;
import dev.meshlog.avro.ClusterConfig;
import dev.meshlog.avro.EndpointConfig;
import dev.meshlog.avro.InboundPolicy;
import dev.meshlog.avro.MtlsMode;
import dev.meshlog.avro.ProxySnapshot;
import dev.meshlog.avro.RouteConfig;
import dev.meshlog.avro.RouteRule;
import dev.meshlog.avro.SnapshotCause;
import dev.meshlog.avro.SourceOffset;
import dev.meshlog.avro.WeightedCluster;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProvenanceTest {

  static final String POLICY = "mesh.policy.events";
  static final String CLUSTER = "mesh.cluster.events";
  static final String BUNDLE = "mesh.ca.bundle";
  static final Instant T0 = Instant.parse("2026-11-26T07:00:00Z");
  private static final String REVIEWS = "reviews.default.svc.cluster.local";
  private static final String RATINGS = "ratings.default.svc.cluster.local";
  private static final String V1 = "outbound|80|v1|" + REVIEWS;
  private static final String V2 = "outbound|80|v2|" + REVIEWS;
  private static final String RATINGS_ALL = "outbound|80||" + RATINGS;

  static LogEvent policy(String subject, long offset, long generation, String actor, String reason) {
    return new LogEvent(subject, POLICY, 0, offset, T0.plusSeconds(offset), actor, reason, "CLI", "UPSERT", Optional.of(generation));
  }

  static LogEvent cluster(String subject, long offset, String change) {
    return new LogEvent(subject, CLUSTER, 0, offset, T0.plusSeconds(offset), "proxy:" + subject.split("/")[2], "", "PROXY", change,
        Optional.empty());
  }

  private static final EventLog LOG = EventLog.of(List.of(
      policy("VirtualService/default/reviews", 0, 1, "alice", "first route"),
      policy("DestinationRule/default/reviews", 1, 1, "bob", "subsets"),
      policy("VirtualService/default/reviews", 2, 2, "carol", "canary 10%"),
      policy("PeerAuthentication/istio-system/default", 3, 1, "sec", "strict"),
      policy("AuthorizationPolicy/default/allow-get", 4, 1, "sec", "only GET"),
      policy("VirtualService/default/reviews", 9, 3, "dave", "not folded yet"),
      cluster("Workload/default/reviews-v1", 0, "REGISTERED"),
      cluster("Workload/default/reviews-v2", 1, "REGISTERED"),
      cluster("Workload/default/ratings-v1", 2, "REGISTERED"),
      new LogEvent("MeshTrustBundle/cluster.local", BUNDLE, 0, 0, T0, "meshlog-ca", "started", "ENGINE", "ROOTS", Optional.empty())));

  static ProxySnapshot snapshot() {
    return ProxySnapshot.newBuilder().setProxyId("client").setVersion(17).setHash("0123456789abcdef")
        .setSourceOffsets(List.of(new SourceOffset(CLUSTER, 0, 2L), new SourceOffset(POLICY, 0, 4L), new SourceOffset(BUNDLE, 0, 0L)))
        .setRoutes(List.of(
            RouteConfig.newBuilder().setName(RATINGS).setDomains(List.of("ratings", RATINGS))
                .setRules(List.of(RouteRule.newBuilder().setClusters(List.of(new WeightedCluster(RATINGS_ALL, 100, null))).build()))
                .build(),
            RouteConfig.newBuilder().setName(REVIEWS).setDomains(List.of("reviews", REVIEWS))
                .setRules(List.of(RouteRule.newBuilder().setName("canary")
                    .setClusters(List.of(new WeightedCluster(V1, 90, null), new WeightedCluster(V2, 10, null))).build()))
                .setProvenance(List.of("DestinationRule/default/reviews", "VirtualService/default/reviews"))
                .build()))
        .setClusters(List.of(
            cluster(RATINGS_ALL, RATINGS, "ratings-v1", List.of()),
            cluster(V1, REVIEWS, "reviews-v1", List.of("DestinationRule/default/reviews", "VirtualService/default/reviews")),
            cluster(V2, REVIEWS, "reviews-v2", List.of("DestinationRule/default/reviews", "VirtualService/default/reviews"))))
        .setInbound(InboundPolicy.newBuilder().setMtlsMode(MtlsMode.STRICT).setPortLevelMtls(Map.of())
            .setAuthorization(List.of(new AuthorizationConfig("AuthorizationPolicy/default/allow-get", AuthzAction.ALLOW, List.of())))
            .setProvenance(List.of("AuthorizationPolicy/default/allow-get", "PeerAuthentication/istio-system/default")).build())
        .setTrustBundle(List.of("-----BEGIN CERTIFICATE-----"))
        .setCauses(List.of(new SnapshotCause("AuthorizationPolicy/default/allow-get", POLICY, 0, 4L, T0.plusSeconds(4))))
        .build();
  }

  private static ClusterConfig cluster(String name, String host, String workload, List<String> provenance) {
    return ClusterConfig.newBuilder().setName(name).setHost(host).setPort(80).setProvenance(provenance)
        .setEndpoints(List.of(EndpointConfig.newBuilder().setAddress("127.0.0.1").setPort(15000).setWorkload(workload)
            .setIdentity("spiffe://cluster.local/ns/default/sa/" + workload).build()))
        .build();
  }

  private static final Explanation EXPLAINED = Provenance.explain(snapshot(), LOG);

  private static Element named(List<Element> elements, String name) {
    return elements.stream().filter(e -> e.name().equals(name)).findFirst().orElseThrow(() -> new AssertionError(name + " in " + elements));
  }

  private static Origin.Found found(Element element, String subject) {
    return element.origins().stream().filter(o -> o.subject().equals(subject)).map(Origin.Found.class::cast).findFirst()
        .orElseThrow(() -> new AssertionError(subject + " not an origin of " + element));
  }

  @Test
  void shouldNameTheVirtualServiceEventTheSnapshotFoldedNotANewerOne() {
    Element route = named(EXPLAINED.routes(), REVIEWS + ":80");
    Origin.Found vs = found(route, "VirtualService/default/reviews");
    assertEquals("carol", vs.event().actor(), "generation 2 at offset 2 is the last one at or before the snapshot's offset 4");
    assertEquals(2, vs.event().offset());
    assertEquals(Optional.of(2L), vs.event().generation());
    assertEquals(9, vs.newer().orElseThrow().offset(), "the newer generation 3 is pointed out as not folded yet");
    assertTrue(route.byDefault().isEmpty());
    Element rule = route.children().get(0);
    assertEquals("canary", rule.name());
    assertEquals(List.of("VirtualService/default/reviews", "DestinationRule/default/reviews"), rule.subjects());
  }

  @Test
  void shouldNameTheDestinationRuleOfASubsetClusterAndTheWorkloadOfEachEndpoint() {
    Element v2 = named(EXPLAINED.clusters(), V2);
    assertEquals("bob", found(v2, "DestinationRule/default/reviews").event().actor());
    assertTrue(v2.byDefault().isEmpty());
    Element endpoint = v2.children().get(0);
    assertEquals(1, found(endpoint, "Workload/default/reviews-v2").event().offset());
  }

  @Test
  void shouldLabelAHostWithoutPolicyAsDefaultWithItsWorkloads() {
    Element route = named(EXPLAINED.routes(), RATINGS + ":80");
    assertEquals(Optional.of("no VirtualService for this host"), route.byDefault());
    assertEquals(List.of("Workload/default/ratings-v1"), route.subjects());
    assertTrue(named(EXPLAINED.clusters(), RATINGS_ALL).byDefault().isPresent());
  }

  @Test
  void shouldNameInboundPoliciesAndTheTrustBundleAndMarkWhatThisVersionFirstCarried() {
    Element mtls = EXPLAINED.inbound().get(0);
    assertEquals("STRICT", mtls.name());
    assertEquals(List.of("PeerAuthentication/istio-system/default"), mtls.subjects());
    Element authz = named(EXPLAINED.inbound(), "AuthorizationPolicy/default/allow-get");
    assertTrue(found(authz, "AuthorizationPolicy/default/allow-get").firstCarried(), "named in the snapshot's causes");
    assertFalse(found(mtls, "PeerAuthentication/istio-system/default").firstCarried());
    assertEquals("meshlog-ca", found(EXPLAINED.trust().get(0), "MeshTrustBundle/cluster.local").event().actor());
  }

  @Test
  void shouldSayUnknownWhenTheLogNoLongerHoldsTheEvent() {
    ProxySnapshot snapshot = snapshot();
    snapshot.getRoutes().get(1).setProvenance(List.of("VirtualService/default/gone"));
    Element route = named(Provenance.explain(snapshot, LOG).routes(), REVIEWS + ":80");
    assertTrue(route.origins().get(0) instanceof Origin.Unknown, route.toString());
  }

  @Test
  void shouldRenderATreeAndJsonWithActorGenerationAndPosition() throws Exception {
    String text = ExplanationView.text(EXPLAINED);
    assertTrue(text.startsWith("proxy client  version 17  hash 0123456789ab\n"), text);
    assertTrue(text.contains("  " + REVIEWS + ":80  1 rule(s)\n    <- DestinationRule/default/reviews  generation 1  UPSERT  by bob"), text);
    assertTrue(text.contains("\n    <- VirtualService/default/reviews  generation 2  UPSERT  by carol  at "
        + T0.plusSeconds(2) + "  mesh.policy.events-0@2  reason \"canary 10%\"  (newer UPSERT at mesh.policy.events-0@9 not in this snapshot yet)"),
        text);
    assertTrue(text.contains(RATINGS + ":80  all traffic -> " + RATINGS_ALL + "  [default: no VirtualService for this host]"), text);
    assertTrue(text.contains("  mtls STRICT  mutual TLS only\n    <- PeerAuthentication/istio-system/default  generation 1"), text);

    JsonNode json = new ObjectMapper().readTree(ExplanationView.json(EXPLAINED));
    JsonNode vs = json.at("/routes/1/origins").get(1);
    assertEquals("VirtualService/default/reviews", vs.get("subject").asText());
    assertEquals("carol", vs.get("actor").asText());
    assertEquals(2, vs.get("offset").asLong());
    assertEquals(9, vs.at("/newerNotInSnapshot/offset").asLong());
    assertEquals("no VirtualService for this host", json.at("/routes/0/default").asText());
  }
}
