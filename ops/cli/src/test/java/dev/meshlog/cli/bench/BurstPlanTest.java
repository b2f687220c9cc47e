package dev.meshlog.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.avro.HttpRouteSpec;
import dev.meshlog.avro.PolicyCommand;
import dev.meshlog.avro.VirtualServiceSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The burst's commands, its final state, and who must see it. */
class BurstPlanTest {

  // 4 namespaces; targets svc-0..svc-5 (svc-j in bench-(j mod 4)); proxies 0..7
  private final MeshLayout layout = new MeshLayout(8, 12, 4, 6, MeshLayout.Scope.NAMESPACE);
  private final BurstPlan plan = new BurstPlan(layout, 20);

  @Test
  void shouldNeverRepeatAVirtualServiceAsItWas() {
    Map<String, Integer> last = new HashMap<>();
    layout.targetHosts().keySet().forEach(h -> last.put(h, WeightFlip.SEED_V1_WEIGHT));
    List<PolicyCommand> commands = plan.all();
    assertEquals(20, commands.size());
    for (PolicyCommand c : commands) {
      VirtualServiceSpec spec = (VirtualServiceSpec) c.getSpec();
      HttpRouteSpec route = spec.getHttp().get(0);
      int v1 = route.getRoute().get(0).getWeight();
      assertNotEquals(last.put(spec.getHosts().get(0), v1), v1, "a no-op command would not become an event: " + c);
      assertEquals(100, v1 + route.getRoute().get(1).getWeight());
    }
  }

  @Test
  void shouldEndWithTheLastCommandOfEachTarget() {
    // 20 commands over 6 targets: commands 18, 19 are round 3 (targets 0, 1), 12..17 round 2 (targets 0..5)
    Map<String, Integer> expected = Map.of(layout.host(0), 4, layout.host(1), 4, layout.host(2), 3, layout.host(3), 3,
        layout.host(4), 3, layout.host(5), 3);
    assertEquals(expected, plan.finalWeights());
  }

  @Test
  void shouldCountOnlyTheFinalWeightsOfTheProxysOwnNamespace() {
    Map<String, Integer> last = plan.finalWeights();
    // bench-proxy-1 lives in bench-1: its targets are svc-1 (4) and svc-5 (3)
    SnapshotView done = view("bench-proxy-1", Map.of(layout.host(1), 4, layout.host(5), 3));
    SnapshotView behind = view("bench-proxy-1", Map.of(layout.host(1), 4, layout.host(5), 2));
    assertTrue(plan.isFinal(done, last));
    assertFalse(plan.isFinal(behind, last));
  }

  @Test
  void shouldExpectEveryProxyWithAChangedTargetInScope() {
    MeshLayout fewTargets = new MeshLayout(8, 12, 4, 2, MeshLayout.Scope.NAMESPACE);
    BurstPlan twoTargets = new BurstPlan(fewTargets, 5);
    // targets svc-0 (bench-0) and svc-1 (bench-1): proxies 0, 4 and 1, 5
    assertEquals(Set.of("bench-proxy-0", "bench-proxy-4", "bench-proxy-1", "bench-proxy-5"),
        twoTargets.audience(twoTargets.finalWeights()));
  }

  private static SnapshotView view(String proxy, Map<String, Integer> weights) {
    return new SnapshotView(proxy, 1, "h", 1, 3, 3, weights, Set.of(), 0, 0);
  }
}
