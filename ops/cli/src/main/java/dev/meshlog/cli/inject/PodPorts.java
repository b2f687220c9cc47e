package dev.meshlog.cli.inject;

import dev.meshlog.proxy.SidecarConfig;

/**
 * Where the pod sidecar listens: the mesh's fixed ports on all addresses in a pod (capture redirects
 * to the pod IP and to loopback, and the kubelet probes the pod IP), free loopback ports in tests.
 */
public record PodPorts(String bindAddress, int outbound, int inbound, int admin) {

  /** What the init container's rules redirect to, and what the readiness probe calls. */
  public static final PodPorts MESH = new PodPorts("0.0.0.0", MeshPorts.OUTBOUND, MeshPorts.INBOUND, MeshPorts.ADMIN);

  /** Free loopback ports, for several sidecars on one machine. */
  public static final PodPorts ANY = new PodPorts("127.0.0.1", 0, SidecarConfig.ANY_PORT, 0);
}
