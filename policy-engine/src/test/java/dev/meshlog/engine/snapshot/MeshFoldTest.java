package dev.meshlog.engine.snapshot;

import static dev.meshlog.engine.snapshot.Specs.REVIEWS;
import static dev.meshlog.engine.snapshot.Specs.sidecar;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meshlog.avro.AuthorizationPolicySpec;
import dev.meshlog.avro.DestinationRuleSpec;
import dev.meshlog.engine.MeshFixtures;
import dev.meshlog.engine.wire.MeshChanges;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which proxies a change recomputes: exactly those whose last assembly read something it touched. */
class MeshFoldTest {

  /** client sees only reviews (Sidecar in default); tester (qa) sees everything; ops (istio-system) has no Sidecar either. */
  private static MeshFold fold() {
    TestMesh mesh = new TestMesh()
        .policy("Sidecar", "default", "default", sidecar(Map.of(), "./" + REVIEWS))
        .workload("client", "default", "client", null, "client", 0)
        .workload("tester", "qa", "tester", null, "tester", 0)
        .workload("reviews-v1", "default", "reviews", "v1", null, 9081)
        .workload("ratings-v1", "default", "ratings", "v1", null, 9082);
    return MeshFold.restore(mesh.state());
  }

  private static Set<String> recomputed(MeshFold fold, MeshChange change) {
    return fold.apply(change).assemblies().keySet();
  }

  @Test
  void shouldRecomputeOnlyTheProxiesThatReachAChangedHost() {
    MeshFold fold = fold();

    assertEquals(Set.of("tester"), recomputed(fold, MeshChanges.of(MeshFixtures.workload("ratings-v2", "default", "ratings", "v2", null, 9083))));
    assertEquals(Set.of("client", "tester"), recomputed(fold, TestMesh.policyChange("DestinationRule", "default", "reviews",
        DestinationRuleSpec.newBuilder().setHost(REVIEWS).build())));
  }

  @Test
  void shouldRecomputeAProxyWhenItsOwnWorkloadChangesAndForgetItWhenItLeaves() {
    MeshFold fold = fold();

    assertEquals(Set.of("client"), recomputed(fold, MeshChanges.of(MeshFixtures.workload("client", "default", "client", "v9", "client", 0))));
    MeshFold.Step gone = fold.apply(MeshChanges.of(MeshFixtures.workloadRemoved("client", "default", "client", "v9", "client", 0)));
    assertEquals(Set.of("client"), gone.removed());
    assertEquals(1, fold.indexedProxies());
  }

  @Test
  void shouldRecomputeOnlyTheNamespaceForANamespacePolicyAndEveryoneForARootOne() {
    MeshFold fold = fold();
    AuthorizationPolicySpec allow = AuthorizationPolicySpec.newBuilder().build();

    assertEquals(Set.of("tester"), recomputed(fold, TestMesh.policyChange("AuthorizationPolicy", "qa", "allow", allow)));
    assertEquals(Set.of("client", "tester"), recomputed(fold, TestMesh.policyChange("AuthorizationPolicy", "istio-system", "allow", allow)));
  }

  @Test
  void shouldRecomputeProxiesTakingEveryHostWhenANewHostAppears() {
    MeshFold fold = fold();

    assertEquals(Set.of("tester"), recomputed(fold, MeshChanges.of(MeshFixtures.workload("details-v1", "other", "details", "v1", null, 9084))));
    assertEquals(List.of("client"), List.copyOf(recomputed(fold,
        TestMesh.policyChange("Sidecar", "default", "default", sidecar(Map.of(), "./*")))), "a Sidecar only reaches its namespace");
    // now client takes every host of default: a new one there reaches it, one elsewhere does not
    assertEquals(Set.of("client", "tester"), recomputed(fold, MeshChanges.of(MeshFixtures.workload("web-v1", "default", "web", "v1", null, 9085))));
    assertEquals(Set.of("tester"), recomputed(fold, MeshChanges.of(MeshFixtures.workload("shop-v1", "other", "shop", "v1", null, 9086))));
  }
}
