package dev.meshlog.cli.bench;

import dev.meshlog.avro.PolicyCommand;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The commands of a burst: command {@code k} sets the v1 weight of target service {@code k mod targets}
 * to {@code 1 + (k / targets) mod 98}. Consecutive commands on one VirtualService always differ (so none
 * is a no-op) and none repeats the seed's 90/10 or the calibration's 10/90 in the first round; the final
 * state is the last command's weight per target.
 */
final class BurstPlan {

  private final MeshLayout layout;
  private final int commands;

  BurstPlan(MeshLayout layout, int commands) {
    if (commands < 1) {
      throw new IllegalArgumentException("--commands must be at least 1");
    }
    this.layout = layout;
    this.commands = commands;
  }

  int commands() {
    return commands;
  }

  static int weight(int round) {
    return 1 + round % 98;
  }

  /** All commands in publish order. */
  List<PolicyCommand> all() {
    List<PolicyCommand> all = new ArrayList<>(commands);
    for (int k = 0; k < commands; k++) {
      int j = k % layout.targets();
      all.add(BenchPolicies.virtualService(layout.serviceNamespace(j), MeshLayout.serviceName(j), layout.host(j),
          weight(k / layout.targets())));
    }
    return all;
  }

  /** The v1 weight each target host ends with; targets no command touched keep what they had and are absent. */
  Map<String, Integer> finalWeights() {
    Map<String, Integer> weights = new HashMap<>();
    for (int k = Math.max(0, commands - layout.targets()); k < commands; k++) {
      weights.put(layout.host(k % layout.targets()), weight(k / layout.targets()));
    }
    return weights;
  }

  /** True when {@code view} routes every final-state host in its proxy's scope with the final weight. */
  boolean isFinal(SnapshotView view, Map<String, Integer> finalWeights) {
    Set<String> scope = layout.scopeOf(view.proxyId());
    for (Map.Entry<String, Integer> target : finalWeights.entrySet()) {
      if (scope.contains(target.getKey()) && !target.getValue().equals(view.v1Weights().get(target.getKey()))) {
        return false;
      }
    }
    return true;
  }

  /** The proxies that must see the final state: those with a changed target in scope. */
  Set<String> audience(Map<String, Integer> finalWeights) {
    Set<String> audience = new java.util.LinkedHashSet<>();
    for (String proxy : layout.allProxies()) {
      Set<String> scope = layout.scopeOf(proxy);
      if (finalWeights.keySet().stream().anyMatch(scope::contains)) {
        audience.add(proxy);
      }
    }
    return audience;
  }
}
