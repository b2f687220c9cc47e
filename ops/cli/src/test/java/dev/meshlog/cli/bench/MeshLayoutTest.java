package dev.meshlog.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The simulated mesh's layout: who should see which service, and how the changes rotate. */
class MeshLayoutTest {

  private final MeshLayout namespaced = new MeshLayout(5, 10, 2, 3, MeshLayout.Scope.NAMESPACE);

  @Test
  void shouldScopeAProxyToTheServicesOfItsNamespace() {
    assertEquals(Set.of("svc-1.bench-1.svc.cluster.local", "svc-3.bench-1.svc.cluster.local", "svc-5.bench-1.svc.cluster.local",
        "svc-7.bench-1.svc.cluster.local", "svc-9.bench-1.svc.cluster.local"), namespaced.scopeOf("bench-proxy-3"));
    assertEquals(Set.of("bench-proxy-0", "bench-proxy-2", "bench-proxy-4"), namespaced.audienceOf(2));
  }

  @Test
  void shouldGiveEveryProxyEveryServiceWithoutScope() {
    MeshLayout all = new MeshLayout(5, 10, 2, 3, MeshLayout.Scope.ALL);
    assertEquals(10, all.scopeOf("bench-proxy-3").size());
    assertEquals(5, all.audienceOf(1).size());
  }

  @Test
  void shouldFlipEachTargetAwayFromTheWeightItHad() {
    MeshLayout twoTargets = new MeshLayout(2, 2, 2, 5, MeshLayout.Scope.NAMESPACE);
    List<Integer> weights = List.of(0, 1, 2, 3, 4).stream().map(i -> WeightFlip.of(twoTargets, i).v1Weight()).toList();
    assertEquals(List.of(10, 10, 90, 90, 10), weights);
    assertEquals("VirtualService/bench-1/svc-1", WeightFlip.of(twoTargets, 3).subject());
  }

  @Test
  void shouldRefuseNamespacesWithoutProxies() {
    assertThrows(IllegalArgumentException.class, () -> new MeshLayout(1, 10, 2, 3, MeshLayout.Scope.NAMESPACE));
  }
}
