package dev.meshlog.proxy.mtls;

import java.util.Map;
import java.util.Objects;

/**
 * The PeerAuthentication that applies to this proxy's workload, resolved by the engine (workload >
 * namespace > mesh), with Istio's port-level overrides keyed by the workload's (app's) port.
 *
 * @param workload the mode for every port without an override; UNSET means PERMISSIVE, as in Istio
 * @param ports port-level modes; an UNSET entry inherits {@code workload}
 */
public record InboundMtlsPolicy(MtlsMode workload, Map<Integer, MtlsMode> ports) {

  /** No PeerAuthentication anywhere: Istio's default, PERMISSIVE. */
  public static final InboundMtlsPolicy DEFAULT = new InboundMtlsPolicy(MtlsMode.UNSET, Map.of());

  public InboundMtlsPolicy {
    Objects.requireNonNull(workload, "workload");
    ports = Map.copyOf(ports);
  }

  /** The effective mode (never UNSET) for connections to the workload's {@code port}. */
  public MtlsMode modeFor(int port) {
    MtlsMode mode = ports.getOrDefault(port, MtlsMode.UNSET);
    if (mode == MtlsMode.UNSET) {
      mode = workload;
    }
    return mode == MtlsMode.UNSET ? MtlsMode.PERMISSIVE : mode;
  }
}
