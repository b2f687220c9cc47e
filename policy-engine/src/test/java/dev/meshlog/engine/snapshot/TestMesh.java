package dev.meshlog.engine.snapshot;

import dev.meshlog.avro.ClusterEvent;
import dev.meshlog.avro.Operation;
import dev.meshlog.avro.PolicyCommand;
import dev.meshlog.engine.MeshFixtures;
import dev.meshlog.engine.sequencer.PolicyChain;
import dev.meshlog.engine.wire.MeshChanges;
import dev.meshlog.schemas.Subjects;

/**
 * A mesh state built through the wire decoding, the way the builder sees it: workloads as sidecars
 * register them, policies as accepted, chained events (sequence 1, 2, ... in the order given).
 */
final class TestMesh {

  private MeshState state = MeshState.EMPTY;
  private long sequence;

  /** A workload with labels app=service (and version when given); proxyId null: no sidecar; port 0: not an endpoint. */
  TestMesh workload(String name, String namespace, String service, String version, String proxyId, int port) {
    return cluster(MeshFixtures.workload(name, namespace, service, version, proxyId, port));
  }

  TestMesh cluster(ClusterEvent event) {
    state = state.apply(MeshChanges.of(event));
    return this;
  }

  TestMesh policy(String kind, String namespace, String name, Object spec) {
    return command(MeshFixtures.command("cmd-" + (sequence + 1), Operation.UPSERT, kind, namespace, name, spec));
  }

  TestMesh delete(String kind, String namespace, String name) {
    return command(MeshFixtures.delete("cmd-" + (sequence + 1), kind, namespace, name));
  }

  private TestMesh command(PolicyCommand command) {
    sequence++;
    String subject = Subjects.of(command.getKind(), command.getNamespace(), command.getName());
    MeshChanges.of(PolicyChain.append(command, subject, sequence, 1, null)).ifPresent(change -> state = state.apply(change));
    return this;
  }

  /** The change an accepted upsert of {@code spec} makes (sequence 1000: younger than anything built here). */
  static MeshChange policyChange(String kind, String namespace, String name, Object spec) {
    PolicyCommand command = MeshFixtures.command("cmd-x", Operation.UPSERT, kind, namespace, name, spec);
    return MeshChanges.of(PolicyChain.append(command, command.getEnvelope().getSubject(), 1000, 1, null)).orElseThrow();
  }

  MeshState state() {
    return state;
  }

  Assembly assembly(String proxyId) {
    Workload proxy = state.proxies().get(proxyId);
    if (proxy == null) {
      throw new AssertionError("no proxy " + proxyId + " in " + state.proxies().keySet());
    }
    return SnapshotAssembler.assemble(state, proxy);
  }

  ProxyConfig config(String proxyId) {
    Assembly assembly = assembly(proxyId);
    if (assembly instanceof Assembly.Rejected rejected) {
      throw new AssertionError("snapshot of " + proxyId + " rejected: " + rejected.reason());
    }
    return ((Assembly.Built) assembly).config();
  }

  static ProxyConfig.Route route(ProxyConfig config, String host) {
    return config.routes().stream().filter(r -> r.name().equals(host)).findFirst()
        .orElseThrow(() -> new AssertionError("no route " + host + " in " + config.routes().stream().map(ProxyConfig.Route::name).toList()));
  }

  static ProxyConfig.Cluster cluster(ProxyConfig config, String name) {
    return config.clusters().stream().filter(c -> c.name().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no cluster " + name + " in " + config.clusters().stream().map(ProxyConfig.Cluster::name).toList()));
  }
}
