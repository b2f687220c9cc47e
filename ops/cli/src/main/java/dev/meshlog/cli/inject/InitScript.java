package dev.meshlog.cli.inject;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The {@code meshlog-init} container's shell script: nat-table REDIRECT rules in the pod's network
 * namespace, shaped like istio-init's (own chains, so they read and delete as a unit).
 *
 * <p>Outbound: every TCP connection the app opens goes to the sidecar's outbound listener, except
 * the sidecar's own (uid 1337, or it would loop) and loopback traffic. Inbound: connections to the
 * app's declared port go to the inbound listener; the sidecar's own ports never are. Only the first
 * declared port is captured, because the inbound listener forwards to one app port: other ports
 * reach the app directly, outside the mesh (docs/injection.md). A pod without declared ports gets no
 * inbound capture at all (its sidecar has no inbound listener, so a redirect would refuse traffic).
 */
public final class InitScript {

  private InitScript() {}

  public static String forAppPorts(List<Integer> appPorts) {
    StringBuilder script = new StringBuilder("set -e\n");
    script.append("iptables -t nat -N MESHLOG_INBOUND\n")
        .append("iptables -t nat -N MESHLOG_IN_REDIRECT\n")
        .append("iptables -t nat -A MESHLOG_IN_REDIRECT -p tcp -j REDIRECT --to-ports ").append(MeshPorts.INBOUND).append('\n')
        .append("iptables -t nat -A PREROUTING -p tcp -j MESHLOG_INBOUND\n");
    for (int port : List.of(MeshPorts.ADMIN, MeshPorts.OUTBOUND, MeshPorts.INBOUND)) {
      script.append("iptables -t nat -A MESHLOG_INBOUND -p tcp --dport ").append(port).append(" -j RETURN\n");
    }
    if (!appPorts.isEmpty()) {
      script.append("iptables -t nat -A MESHLOG_INBOUND -p tcp --dport ").append(appPorts.get(0))
          .append(" -j MESHLOG_IN_REDIRECT\n");
    }
    script.append("iptables -t nat -N MESHLOG_OUTPUT\n")
        .append("iptables -t nat -N MESHLOG_REDIRECT\n")
        .append("iptables -t nat -A MESHLOG_REDIRECT -p tcp -j REDIRECT --to-ports ").append(MeshPorts.OUTBOUND).append('\n')
        .append("iptables -t nat -A OUTPUT -p tcp -j MESHLOG_OUTPUT\n")
        .append("iptables -t nat -A MESHLOG_OUTPUT -m owner --uid-owner ").append(MeshPorts.PROXY_UID).append(" -j RETURN\n")
        .append("iptables -t nat -A MESHLOG_OUTPUT -d 127.0.0.1/32 -j RETURN\n")
        .append("iptables -t nat -A MESHLOG_OUTPUT -o lo -j RETURN\n")
        .append("iptables -t nat -A MESHLOG_OUTPUT -j MESHLOG_REDIRECT\n");
    script.append("echo 'meshlog-init: capture set up (inbound ")
        .append(appPorts.isEmpty() ? "none" : appPorts.stream().limit(1).map(String::valueOf).collect(Collectors.joining()))
        .append(" -> ").append(MeshPorts.INBOUND).append(", outbound tcp -> ").append(MeshPorts.OUTBOUND).append(")'\n");
    return script.toString();
  }
}
