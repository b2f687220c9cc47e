package dev.meshlog.proxy.backend;

import dev.meshlog.proxy.circuit.UpstreamHost;
import dev.meshlog.proxy.mtls.UpstreamSecurity;
import io.netty.channel.Channel;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayDeque;

/**
 * One endpoint's connections of one cluster on one event loop (Envoy's per-worker, per-host
 * connection pool): the idle ones, how many are open in all, and the requests waiting for one
 * because the cluster's connection breaker is at its limit. Touched only by its loop's thread.
 */
final class HostLane {

  final UpstreamHost host;
  /** Plain or mTLS (with the server identity it checks): every connection of the lane is made so. */
  final UpstreamSecurity security;
  final ArrayDeque<Channel> idle = new ArrayDeque<>();
  final ArrayDeque<Promise<Channel>> waiting = new ArrayDeque<>(2);
  /** Connecting, busy or idle on this loop. */
  int open;

  HostLane(UpstreamHost host, UpstreamSecurity security) {
    this.host = host;
    this.security = security;
  }

  boolean unused() {
    return open == 0 && waiting.isEmpty() && idle.isEmpty();
  }

  /**
   * Per connection of a lane: requests it served (for {@code maxRequestsPerConnection}) and its
   * idle timer while pooled. Created once per connection.
   */
  static final class Use {
    final HostLane lane;
    int served;
    ScheduledFuture<?> idleTimer;

    Use(HostLane lane) {
      this.lane = lane;
    }

    void cancelIdleTimer() {
      if (idleTimer != null) {
        idleTimer.cancel(false);
        idleTimer = null;
      }
    }
  }
}
