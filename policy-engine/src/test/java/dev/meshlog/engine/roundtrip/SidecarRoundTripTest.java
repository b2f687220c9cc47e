package dev.meshlog.engine.roundtrip;

import static dev.meshlog.engine.roundtrip.Bookinfo.DETAILS;
import static dev.meshlog.engine.roundtrip.Bookinfo.MONGODB;
import static dev.meshlog.engine.roundtrip.Bookinfo.PRODUCTPAGE;
import static dev.meshlog.engine.roundtrip.Bookinfo.PRODUCTPAGE_V1;
import static dev.meshlog.engine.roundtrip.Bookinfo.RATINGS;
import static dev.meshlog.engine.roundtrip.Bookinfo.REVIEWS;
import static dev.meshlog.engine.roundtrip.Bookinfo.REVIEWS_V1;
import static dev.meshlog.engine.roundtrip.Bookinfo.TESTER;
import static dev.meshlog.engine.roundtrip.Bookinfo.TESTER_PROXY;
import static dev.meshlog.engine.roundtrip.Bookinfo.cluster;
import static dev.meshlog.engine.roundtrip.Snapshots.clusterNames;
import static dev.meshlog.engine.roundtrip.Snapshots.routeNames;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Sidecar, from YAML to the hosts each proxy gets routes and clusters for. */
class SidecarRoundTripTest extends MeshRoundTrip {

  private static final List<String> EVERY_HOST = List.of(DETAILS, MONGODB, PRODUCTPAGE, RATINGS, REVIEWS, TESTER);

  @Test
  void shouldScopeEachProxyByTheSidecarThatSelectsIt() {
    mesh.apply(SIDECARS, "bookinfo/productpage", "qa/default");
    assertEquals(List.of(DETAILS, REVIEWS), routeNames(mesh.snapshot(PRODUCTPAGE_V1)), "selected by its labels");
    assertEquals(List.of(cluster(DETAILS), cluster(REVIEWS)), clusterNames(mesh.snapshot(PRODUCTPAGE_V1)));
    assertEquals(List.of(RATINGS, TESTER), routeNames(mesh.snapshot(TESTER_PROXY)), "its namespace's Sidecar: ./* and one bookinfo host");
    assertEquals(EVERY_HOST, routeNames(mesh.snapshot(REVIEWS_V1)), "no Sidecar for reviews: every host");
  }

  @Test
  void shouldFallBackToTheRootNamespaceSidecar() {
    mesh.apply(SIDECARS, "bookinfo/productpage", "qa/default", "istio-system/default");
    assertEquals(List.of(DETAILS, MONGODB, PRODUCTPAGE, RATINGS, REVIEWS), routeNames(mesh.snapshot(REVIEWS_V1)),
        "the mesh default: bookinfo/*");
    assertEquals(List.of(DETAILS, REVIEWS), routeNames(mesh.snapshot(PRODUCTPAGE_V1)), "its own Sidecar still wins");
    assertEquals(List.of(RATINGS, TESTER), routeNames(mesh.snapshot(TESTER_PROXY)), "its namespace's Sidecar still wins");
  }

  @Test
  void shouldBringAnEntryAddedLaterIntoTheScopesThatCoverItsNamespace() {
    mesh.apply(SIDECARS, "bookinfo/productpage", "qa/default", "istio-system/default");
    mesh.snapshot(REVIEWS_V1);

    mesh.apply(SERVICE_ENTRIES, "bookinfo/httpbin");
    assertEquals(List.of(DETAILS, "httpbin.org", MONGODB, PRODUCTPAGE, RATINGS, REVIEWS), routeNames(mesh.snapshot(REVIEWS_V1)),
        "a bookinfo entry is in bookinfo/*");
    assertEquals(List.of(RATINGS, TESTER), routeNames(mesh.snapshot(TESTER_PROXY)), "but not in qa's ./*");
    assertEquals(List.of(DETAILS, REVIEWS), routeNames(mesh.snapshot(PRODUCTPAGE_V1)), "nor in a list of named hosts");
  }
}
