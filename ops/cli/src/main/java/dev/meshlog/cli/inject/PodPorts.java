package dev.meshlog.cli.inject;

import dev.meshlog.proxy.SidecarConfig;

/** The pod sidecar's listener ports: the mesh's fixed ones in a pod, free ones in tests. */
public record PodPorts(int outbound, int inbound, int admin) {

  /** What the init container's rules redirect to, and what the readiness probe calls. */
  public static final PodPorts MESH = new PodPorts(MeshPorts.OUTBOUND, MeshPorts.INBOUND, MeshPorts.ADMIN);

  /** Free ports everywhere, for several sidecars on one machine. */
  public static final PodPorts ANY = new PodPorts(0, SidecarConfig.ANY_PORT, 0);
}
