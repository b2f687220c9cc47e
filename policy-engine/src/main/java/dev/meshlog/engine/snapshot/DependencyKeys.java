package dev.meshlog.engine.snapshot;

import java.util.HashSet;
import java.util.Set;

/**
 * The names under which the snapshot builder indexes what a proxy's last assembly read, so an event
 * recomputes exactly the proxies that read something it changed (see {@link MeshFold}).
 */
public final class DependencyKeys {

  /** Any host appearing or disappearing anywhere: read by proxies with no scope or a {@code *&#47;*}-like egress. */
  public static final String ANY_HOST = "any-host";
  /** Policies of the root namespace, which apply to every proxy. */
  public static final String MESH_WIDE = "mesh-wide";
  /** The trust domain's roots, which every snapshot carries. */
  public static final String TRUST_BUNDLE = "trust-bundle";

  /** In {@link #mayReach}: any {@link #hostNamespace} key. */
  static final String ANY_HOST_NAMESPACE = "hostns:*";

  private DependencyKeys() {}

  /**
   * Every key a change of {@code resource} could touch in any mesh state: a superset of what
   * {@link MeshFold} computes with the states at hand. It lets a reader of the log rule an event out
   * for a proxy without building the states around it (a replay walking back from a point in time);
   * too many keys only costs an assembly, too few would be wrong.
   */
  public static Set<String> mayReach(MeshResource resource) {
    Set<String> keys = new HashSet<>();
    if (resource instanceof Workload w) {
      if (w.isEndpoint()) {
        hostAppearing(w.serviceHost().fqdn(), keys);
      }
    } else if (resource instanceof Service s) {
      hostAppearing(new ServiceHost(s.name(), s.namespace()).fqdn(), keys);
    } else if (resource instanceof ServiceEntry se) {
      se.hosts().forEach(h -> hostAppearing(h, keys));
    } else if (resource instanceof VirtualService vs) {
      vs.hosts().forEach(h -> keys.add(host(h)));
    } else if (resource instanceof DestinationRule dr) {
      keys.add(host(dr.host()));
    } else if (resource instanceof PeerAuthentication pa) {
      keys.add(policyNamespace(pa.namespace()));
    } else if (resource instanceof AuthorizationPolicy ap) {
      keys.add(policyNamespace(ap.namespace()));
    } else if (resource instanceof Sidecar sc) {
      keys.add(policyNamespace(sc.namespace()));
    } else if (resource instanceof TrustRoots) {
      keys.add(TRUST_BUNDLE);
    }
    return keys;
  }

  /** True when a proxy whose assembly read {@code dependencies} may be changed by a change reaching {@code reached}. */
  public static boolean overlap(Set<String> reached, Set<String> dependencies) {
    for (String key : reached) {
      if (key.equals(ANY_HOST_NAMESPACE)) {
        if (dependencies.stream().anyMatch(d -> d.startsWith("hostns:"))) {
          return true;
        }
      } else if (dependencies.contains(key)) {
        return true;
      }
    }
    return false;
  }

  /** A host whose set of endpoints changes may come or go, in whichever namespace owns it. */
  private static void hostAppearing(String fqdn, Set<String> keys) {
    keys.add(host(fqdn));
    keys.add(ANY_HOST);
    keys.add(ANY_HOST_NAMESPACE);
  }

  /** Everything about one host: its endpoints, VirtualService, DestinationRule, ServiceEntry. */
  public static String host(String fqdn) {
    return "host:" + fqdn;
  }

  /** Hosts appearing or disappearing in a namespace: read by proxies whose Sidecar takes {@code ns/*}. */
  public static String hostNamespace(String namespace) {
    return "hostns:" + namespace;
  }

  /** Sidecars, PeerAuthentications and AuthorizationPolicies of a namespace. */
  public static String policyNamespace(String namespace) {
    return MeshState.ROOT_NAMESPACE.equals(namespace) ? MESH_WIDE : "policyns:" + namespace;
  }
}
