package dev.meshlog.engine.status;

import java.util.List;

/** Everything the status job learns about one proxy, from the three inputs, keyed by proxy id. */
sealed interface ProxyInput {

  /**
   * mesh.proxy.snapshots: the engine sent this snapshot, which first carried these changes. The
   * snapshot carries no time of its own: its record time (the builder's publish time) is the send time.
   */
  record Sent(long version, String hash, List<Cause> causes) implements ProxyInput {
    public Sent {
      causes = List.copyOf(causes);
    }
  }

  /** mesh.proxy.snapshots tombstone: the engine dropped the proxy's snapshot. */
  record Withdrawn() implements ProxyInput {}

  /** mesh.proxy.acks: the proxy applied ({@code ack}) or refused a version. */
  record Answered(ProxyState.Answer answer, boolean ack) implements ProxyInput {}

  /** mesh.cluster.events REGISTERED/UPDATED of a workload with a sidecar. */
  record Registered() implements ProxyInput {}

  /** mesh.cluster.events REMOVED of a workload with a sidecar. */
  record Deregistered() implements ProxyInput {}
}
