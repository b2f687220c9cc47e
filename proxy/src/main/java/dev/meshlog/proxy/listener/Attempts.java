package dev.meshlog.proxy.listener;

import dev.meshlog.proxy.route.Endpoint;
import dev.meshlog.proxy.route.RouteRetry;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;

/**
 * The attempts of one exchange whose route retries: retries used, endpoints tried, the request
 * body kept to send again, and the per-try and back-off timers. Confined to the client
 * connection's event loop, like the exchange.
 */
final class Attempts {

  /**
   * Envoy's per-request buffer limit idea: a body up to this size is kept for retries; a larger one
   * is streamed as ever and the request is not retried.
   */
  static final int REQUEST_BUFFER_LIMIT_BYTES = 64 * 1024;

  final RouteRetry retry;
  final List<Endpoint> tried = new ArrayList<>(3);
  int retriesDone;
  /** A retry slot of the cluster's budget is held until the retried attempt's outcome is known. */
  boolean holdsRetrySlot;
  /** Bumped per attempt, so a timer armed for an earlier attempt does nothing. */
  int generation;
  ScheduledFuture<?> perTryTimer;
  ScheduledFuture<?> backoffTimer;
  private List<HttpContent> body;
  private long bodyBytes;
  private boolean bodyTooLarge;

  Attempts(RouteRetry retry) {
    this.retry = retry;
  }

  /** Keeps a view of a body part read from the client, until the body passes the limit. */
  void keep(HttpContent part) {
    if (bodyTooLarge) {
      return;
    }
    bodyBytes += part.content().readableBytes();
    if (bodyBytes > REQUEST_BUFFER_LIMIT_BYTES) {
      bodyTooLarge = true;
      releaseBody();
      return;
    }
    if (body == null) {
      body = new ArrayList<>(2);
    }
    body.add(part.retainedDuplicate());
  }

  /** Whether the request as read so far can be sent again. */
  boolean canResend() {
    return !bodyTooLarge;
  }

  /** Queues the head and the body read so far for the next attempt; the kept parts stay kept. */
  void resendInto(ArrayDeque<HttpObject> pending, HttpRequest head) {
    pending.add(head);
    if (body != null) {
      for (HttpContent part : body) {
        pending.add(part.retainedDuplicate());
      }
    }
  }

  void releaseBody() {
    if (body != null) {
      body.forEach(HttpContent::release);
      body = null;
    }
  }

  void cancelTimers() {
    if (perTryTimer != null) {
      perTryTimer.cancel(false);
      perTryTimer = null;
    }
    if (backoffTimer != null) {
      backoffTimer.cancel(false);
      backoffTimer = null;
    }
  }
}
