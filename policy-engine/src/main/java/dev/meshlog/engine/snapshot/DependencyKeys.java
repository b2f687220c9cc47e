package dev.meshlog.engine.snapshot;

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

  private DependencyKeys() {}

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
