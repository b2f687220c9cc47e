package dev.meshlog.engine.roundtrip;

import static dev.meshlog.engine.roundtrip.Bookinfo.DETAILS_V1;
import static dev.meshlog.engine.roundtrip.Bookinfo.PRODUCTPAGE_V1;
import static dev.meshlog.engine.roundtrip.Bookinfo.RATINGS_V1;
import static dev.meshlog.engine.roundtrip.Bookinfo.REVIEWS_V1;
import static dev.meshlog.engine.roundtrip.Bookinfo.TESTER_PROXY;
import static dev.meshlog.engine.roundtrip.Snapshots.inbound;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meshlog.avro.InboundPolicy;
import dev.meshlog.avro.MtlsMode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** PeerAuthentication, from YAML to the mTLS mode each proxy enforces inbound: workload over namespace over mesh. */
class PeerAuthenticationRoundTripTest extends MeshRoundTrip {

  @BeforeEach
  void applyEveryLevel() {
    mesh.apply(PEER_AUTHENTICATIONS, "istio-system/default", "bookinfo/default", "bookinfo/reviews-plaintext");
  }

  @Test
  void shouldPreferTheWorkloadPolicyOverNamespaceAndMesh() {
    InboundPolicy reviews = inbound(mesh.snapshot(REVIEWS_V1));
    assertEquals(MtlsMode.DISABLE, reviews.getMtlsMode());
    assertEquals(List.of("PeerAuthentication/bookinfo/reviews-plaintext"), reviews.getProvenance());
  }

  @Test
  void shouldFallBackToTheNamespacePolicy() {
    InboundPolicy productpage = inbound(mesh.snapshot(PRODUCTPAGE_V1));
    assertEquals(MtlsMode.PERMISSIVE, productpage.getMtlsMode());
    assertEquals(List.of("PeerAuthentication/bookinfo/default"), productpage.getProvenance());
  }

  @Test
  void shouldFallBackToTheMeshPolicyOfTheRootNamespace() {
    InboundPolicy tester = inbound(mesh.snapshot(TESTER_PROXY));
    assertEquals(MtlsMode.STRICT, tester.getMtlsMode(), "qa has no policy of its own");
    assertEquals(List.of("PeerAuthentication/istio-system/default"), tester.getProvenance());
  }

  @Test
  void shouldInheritTheNextLevelWhenTheWorkloadPolicySaysUnset() {
    mesh.apply(PEER_AUTHENTICATIONS, "bookinfo/details-unset");
    assertEquals(MtlsMode.PERMISSIVE, inbound(mesh.snapshot(DETAILS_V1)).getMtlsMode());
  }

  @Test
  void shouldApplyPortLevelMtlsOfTheWorkloadPolicyAnUnsetPortInheriting() {
    mesh.apply(PEER_AUTHENTICATIONS, "bookinfo/ratings-ports");
    InboundPolicy ratings = inbound(mesh.snapshot(RATINGS_V1));
    assertEquals(MtlsMode.STRICT, ratings.getMtlsMode());
    assertEquals(Map.of("8080", MtlsMode.DISABLE, "9090", MtlsMode.STRICT), ratings.getPortLevelMtls());
    assertEquals(Map.of(), inbound(mesh.snapshot(PRODUCTPAGE_V1)).getPortLevelMtls(), "port modes only for the selected workload");
  }
}
