package dev.meshlog.proxy.snapshot.wire;

import dev.meshlog.avro.ClientTlsSpec;
import dev.meshlog.avro.InboundPolicy;
import dev.meshlog.avro.ProxySnapshot;
import dev.meshlog.proxy.mtls.InboundMtlsPolicy;
import dev.meshlog.proxy.mtls.MeshSecurity;
import dev.meshlog.proxy.mtls.MtlsMode;
import dev.meshlog.proxy.mtls.TrustBundle;
import dev.meshlog.proxy.mtls.UpstreamTlsMode;
import java.util.HashMap;
import java.util.Map;

/** The mTLS parts of a snapshot: trust domain and bundle, inbound PeerAuthentication, a cluster's tls mode. */
final class MtlsWire {

  private MtlsWire() {}

  /** @throws IllegalArgumentException for a bundle entry that is not a PEM certificate */
  static MeshSecurity security(ProxySnapshot wire) {
    TrustBundle trust = TrustBundle.fromPem(wire.getTrustDomain(), wire.getTrustBundle());
    return new MeshSecurity(trust, inbound(wire.getInbound()));
  }

  private static InboundMtlsPolicy inbound(InboundPolicy inbound) {
    if (inbound == null) {
      return InboundMtlsPolicy.DEFAULT;
    }
    Map<Integer, MtlsMode> ports = new HashMap<>();
    inbound.getPortLevelMtls().forEach((port, mode) -> {
      try {
        ports.put(Integer.parseInt(port.toString()), mode(mode));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("inbound portLevelMtls key " + port + " is not a port number", e);
      }
    });
    return new InboundMtlsPolicy(mode(inbound.getMtlsMode()), ports);
  }

  private static MtlsMode mode(dev.meshlog.avro.MtlsMode mode) {
    return mode == null ? MtlsMode.UNSET : MtlsMode.valueOf(mode.name());
  }

  /** No tls on the cluster: Istio's auto mTLS. */
  static UpstreamTlsMode tls(ClientTlsSpec tls) {
    if (tls == null) {
      return UpstreamTlsMode.AUTO;
    }
    return switch (tls.getMode()) {
      case DISABLE -> UpstreamTlsMode.DISABLE;
      case ISTIO_MUTUAL -> UpstreamTlsMode.ISTIO_MUTUAL;
    };
  }
}
