package dev.meshlog.cli.replay;

import dev.meshlog.engine.snapshot.Assembly;
import dev.meshlog.engine.snapshot.AuthorizationPolicy;
import dev.meshlog.engine.snapshot.DependencyKeys;
import dev.meshlog.engine.snapshot.DestinationRule;
import dev.meshlog.engine.snapshot.MeshChange;
import dev.meshlog.engine.snapshot.MeshFold;
import dev.meshlog.engine.snapshot.MeshHost;
import dev.meshlog.engine.snapshot.MeshResource;
import dev.meshlog.engine.snapshot.MeshState;
import dev.meshlog.engine.snapshot.PeerAuthentication;
import dev.meshlog.engine.snapshot.Service;
import dev.meshlog.engine.snapshot.ServiceEntry;
import dev.meshlog.engine.snapshot.ServiceHost;
import dev.meshlog.engine.snapshot.SnapshotAssembler;
import dev.meshlog.engine.snapshot.TrustRoots;
import dev.meshlog.engine.snapshot.VirtualService;
import dev.meshlog.engine.snapshot.Workload;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * {@link MeshFold} for one proxy: the same state, the same "affected" rule (a change touching a dependency key the
 * proxy's last assembly read, or the proxy's own workload), but only that proxy is ever assembled. The engine's fold
 * assembles every affected proxy, which for a mesh-wide change is all of them; replaying one proxy's history over a
 * million events cannot afford that. The key rule mirrors {@code MeshFold.touch} (private there); {@code
 * TailSearchTest} holds the two folds to the same versions and hashes.
 */
final class OneProxyFold implements Function<MeshChange, MeshFold.Step> {

  private final String proxyId;
  private MeshState state;
  private Set<String> dependencies = Set.of();

  OneProxyFold(MeshState state, String proxyId) {
    this.state = state;
    this.proxyId = proxyId;
  }

  @Override
  public MeshFold.Step apply(MeshChange change) {
    MeshState before = state;
    MeshState after = before.apply(change);
    state = after;
    Optional<MeshResource> was = before.resource(change.key());
    Optional<MeshResource> now = after.resource(change.key());
    boolean affected = ownWorkload(was) || ownWorkload(now);
    if (!affected && !dependencies.isEmpty()) {
      Set<String> touched = new HashSet<>();
      was.ifPresent(r -> touch(r, before, after, touched));
      now.ifPresent(r -> touch(r, before, after, touched));
      affected = touched.stream().anyMatch(dependencies::contains);
    }
    if (!affected) {
      return new MeshFold.Step(new TreeMap<>(), new TreeSet<>());
    }
    Workload proxy = after.proxies().get(proxyId);
    if (proxy == null) {
      dependencies = Set.of();
      return new MeshFold.Step(new TreeMap<>(), new TreeSet<>(List.of(proxyId)));
    }
    Assembly assembly = SnapshotAssembler.assemble(after, proxy);
    dependencies = Set.copyOf(assembly.dependencies());
    TreeMap<String, Assembly> assemblies = new TreeMap<>();
    assemblies.put(proxyId, assembly);
    return new MeshFold.Step(assemblies, new TreeSet<>());
  }

  private boolean ownWorkload(Optional<MeshResource> resource) {
    return resource.filter(Workload.class::isInstance).map(Workload.class::cast).flatMap(Workload::proxyId)
        .filter(proxyId::equals).isPresent();
  }

  /** The dependency keys {@code resource} reaches in either state: {@code MeshFold.touch}, key for key. */
  private static void touch(MeshResource resource, MeshState before, MeshState after, Set<String> keys) {
    List<String> hosts = new ArrayList<>();
    if (resource instanceof Workload w) {
      if (w.isEndpoint()) {
        hosts.add(w.serviceHost().fqdn());
      }
    } else if (resource instanceof Service s) {
      keys.add(DependencyKeys.host(new ServiceHost(s.name(), s.namespace()).fqdn()));
    } else if (resource instanceof VirtualService vs) {
      vs.hosts().forEach(h -> keys.add(DependencyKeys.host(h)));
    } else if (resource instanceof DestinationRule dr) {
      keys.add(DependencyKeys.host(dr.host()));
    } else if (resource instanceof ServiceEntry se) {
      hosts.addAll(se.hosts());
    } else if (resource instanceof PeerAuthentication pa) {
      keys.add(DependencyKeys.policyNamespace(pa.namespace()));
    } else if (resource instanceof AuthorizationPolicy ap) {
      keys.add(DependencyKeys.policyNamespace(ap.namespace()));
    } else if (resource instanceof dev.meshlog.engine.snapshot.Sidecar sc) {
      keys.add(DependencyKeys.policyNamespace(sc.namespace()));
    } else if (resource instanceof TrustRoots) {
      keys.add(DependencyKeys.TRUST_BUNDLE);
    }
    for (String host : hosts) {
      keys.add(DependencyKeys.host(host));
      Optional<MeshHost> old = before.host(host);
      Optional<MeshHost> current = after.host(host);
      if (!old.equals(current)) {
        keys.add(DependencyKeys.ANY_HOST);
        old.ifPresent(h -> keys.add(DependencyKeys.hostNamespace(h.namespace())));
        current.ifPresent(h -> keys.add(DependencyKeys.hostNamespace(h.namespace())));
      }
    }
  }
}
