package dev.meshlog.engine.roundtrip;

import static dev.meshlog.engine.roundtrip.Bookinfo.DETAILS;
import static dev.meshlog.engine.roundtrip.Bookinfo.MONGODB;
import static dev.meshlog.engine.roundtrip.Bookinfo.PRODUCTPAGE;
import static dev.meshlog.engine.roundtrip.Bookinfo.PRODUCTPAGE_V1;
import static dev.meshlog.engine.roundtrip.Bookinfo.RATINGS;
import static dev.meshlog.engine.roundtrip.Bookinfo.REVIEWS;
import static dev.meshlog.engine.roundtrip.Bookinfo.REVIEWS_V1;
import static dev.meshlog.engine.roundtrip.Bookinfo.TESTER;
import static dev.meshlog.engine.roundtrip.Bookinfo.cluster;
import static dev.meshlog.engine.roundtrip.Snapshots.authorizationNames;
import static dev.meshlog.engine.roundtrip.Snapshots.clusterNames;
import static dev.meshlog.engine.roundtrip.Snapshots.inbound;
import static dev.meshlog.engine.roundtrip.Snapshots.route;
import static dev.meshlog.engine.roundtrip.Snapshots.routeNames;
import static dev.meshlog.engine.roundtrip.Snapshots.ruleNames;
import static dev.meshlog.engine.roundtrip.Snapshots.split;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.avro.ClusterConfig;
import dev.meshlog.avro.MtlsMode;
import dev.meshlog.avro.RouteConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code meshlog delete -f}: a DELETE command, from the same YAML, takes the resource's effect out of the snapshots. */
class DeleteRoundTripTest extends MeshRoundTrip {

  @Test
  void shouldRouteToTheHostItselfAgainWhenTheVirtualServiceIsDeleted() {
    mesh.apply(DESTINATION_RULES, "bookinfo/reviews-subsets").apply(VIRTUAL_SERVICES, "bookinfo/reviews-weighted");
    assertEquals(List.of("canary"), ruleNames(route(mesh.snapshot(PRODUCTPAGE_V1), REVIEWS)));

    mesh.delete(VIRTUAL_SERVICES, "bookinfo/reviews-weighted");
    RouteConfig reviews = route(mesh.snapshot(PRODUCTPAGE_V1), REVIEWS);
    assertEquals(List.of(cluster(REVIEWS) + "=100"), split(reviews.getRules().get(0)));
    assertEquals(List.of(), reviews.getProvenance());
    assertFalse(clusterNames(mesh.snapshot(PRODUCTPAGE_V1)).contains(cluster(80, "v1", REVIEWS)), "no rule names the subset any more");
  }

  @Test
  void shouldHandTheHostToTheNextVirtualServiceWhenTheOldestIsDeleted() {
    mesh.apply(DESTINATION_RULES, "bookinfo/reviews-subsets").apply(VIRTUAL_SERVICES, "bookinfo/reviews-uri", "bookinfo/reviews-weighted");
    assertEquals(List.of("exact", "prefix", "regex", "default"), ruleNames(route(mesh.snapshot(PRODUCTPAGE_V1), REVIEWS)),
        "two VirtualServices for one host: the oldest wins, as in Istio");

    mesh.delete(VIRTUAL_SERVICES, "bookinfo/reviews-uri");
    assertEquals(List.of("canary"), ruleNames(route(mesh.snapshot(PRODUCTPAGE_V1), REVIEWS)));
  }

  @Test
  void shouldDropTheTrafficPolicyWhenTheDestinationRuleIsDeleted() {
    mesh.apply(DESTINATION_RULES, "bookinfo/ratings-least-request");
    assertEquals("LEAST_REQUEST", Snapshots.cluster(mesh.snapshot(PRODUCTPAGE_V1), cluster(RATINGS)).getLoadBalancer());

    mesh.delete(DESTINATION_RULES, "bookinfo/ratings-least-request");
    ClusterConfig ratings = Snapshots.cluster(mesh.snapshot(PRODUCTPAGE_V1), cluster(RATINGS));
    assertEquals("ROUND_ROBIN", ratings.getLoadBalancer());
    assertEquals(List.of(), ratings.getProvenance());
  }

  @Test
  void shouldRemoveTheHostWhenTheServiceEntryIsDeleted() {
    mesh.apply(SERVICE_ENTRIES, "bookinfo/httpbin");
    assertTrue(routeNames(mesh.snapshot(PRODUCTPAGE_V1)).contains("httpbin.org"));

    mesh.delete(SERVICE_ENTRIES, "bookinfo/httpbin");
    assertEquals(List.of(DETAILS, MONGODB, PRODUCTPAGE, RATINGS, REVIEWS, TESTER), routeNames(mesh.snapshot(PRODUCTPAGE_V1)));
    assertFalse(clusterNames(mesh.snapshot(PRODUCTPAGE_V1)).contains(cluster("httpbin.org")));
  }

  @Test
  void shouldFallBackToTheNamespaceModeWhenTheWorkloadPeerAuthenticationIsDeleted() {
    mesh.apply(PEER_AUTHENTICATIONS, "bookinfo/default", "bookinfo/reviews-plaintext");
    assertEquals(MtlsMode.DISABLE, inbound(mesh.snapshot(REVIEWS_V1)).getMtlsMode());

    mesh.delete(PEER_AUTHENTICATIONS, "bookinfo/reviews-plaintext");
    assertEquals(MtlsMode.PERMISSIVE, inbound(mesh.snapshot(REVIEWS_V1)).getMtlsMode());
  }

  @Test
  void shouldStopEnforcingADeletedAuthorizationPolicy() {
    mesh.apply(AUTHORIZATION_POLICIES, "bookinfo/reviews-viewer", "istio-system/deny-blocked-ranges");
    assertEquals(2, authorizationNames(mesh.snapshot(REVIEWS_V1)).size());

    mesh.delete(AUTHORIZATION_POLICIES, "bookinfo/reviews-viewer");
    assertEquals(List.of("AuthorizationPolicy/istio-system/deny-blocked-ranges"), authorizationNames(mesh.snapshot(REVIEWS_V1)));
  }

  @Test
  void shouldWidenEveryProxysScopeWhenTheRootNamespaceSidecarIsDeleted() {
    mesh.apply(SIDECARS, "istio-system/default");
    assertEquals(List.of(DETAILS, MONGODB, PRODUCTPAGE, RATINGS, REVIEWS), routeNames(mesh.snapshot(REVIEWS_V1)));

    mesh.delete(SIDECARS, "istio-system/default");
    assertEquals(List.of(DETAILS, MONGODB, PRODUCTPAGE, RATINGS, REVIEWS, TESTER), routeNames(mesh.snapshot(REVIEWS_V1)));
  }

  @Test
  void shouldWidenTheScopeAgainWhenTheSidecarIsDeleted() {
    mesh.apply(SIDECARS, "bookinfo/productpage");
    assertEquals(List.of(DETAILS, REVIEWS), routeNames(mesh.snapshot(PRODUCTPAGE_V1)));

    mesh.delete(SIDECARS, "bookinfo/productpage");
    assertEquals(List.of(DETAILS, MONGODB, PRODUCTPAGE, RATINGS, REVIEWS, TESTER), routeNames(mesh.snapshot(PRODUCTPAGE_V1)));
  }
}
