package dev.meshlog.cli.inject;

import java.util.Set;

/** The sidecar's fixed ports in a pod, Istio's numbers, and the uid its traffic is recognised by. */
public final class MeshPorts {

  public static final int ADMIN = 15000;
  public static final int OUTBOUND = 15001;
  public static final int INBOUND = 15006;
  /** The sidecar runs as this uid; the init script lets its own outbound traffic through uncaptured. */
  public static final long PROXY_UID = 1337;

  public static final Set<Integer> ALL = Set.of(ADMIN, OUTBOUND, INBOUND);

  private MeshPorts() {}
}
