package dev.meshlog.proxy.listener;

import dev.meshlog.proxy.balance.LbEndpoint;
import dev.meshlog.proxy.balance.PickContext;
import dev.meshlog.proxy.retry.AttemptFailure;
import dev.meshlog.proxy.retry.RetryBackoff;
import dev.meshlog.proxy.route.Dispatch;
import dev.meshlog.proxy.route.Endpoint;
import dev.meshlog.proxy.route.RouteRetry;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Envoy's router retries for a client connection's exchanges, one per client connection. An
 * attempt that fails before any response byte went downstream (connect failure, reset, per-try
 * timeout, a retriable status whose response is dropped with its connection) goes again after a
 * jittered back-off, to another endpoint of the same cluster when there is one, with the head and
 * the kept body, if the route's policy, its retries left and the cluster's budget allow.
 */
final class UpstreamRetries {

  private final FrontendHandler frontend;
  private final ChannelHandlerContext client;
  private final UpstreamRelay relay;
  private final LocalResponder responder;

  UpstreamRetries(FrontendHandler frontend, ChannelHandlerContext client, UpstreamRelay relay, LocalResponder responder) {
    this.frontend = frontend;
    this.client = client;
    this.relay = relay;
    this.responder = responder;
  }

  /** The forward's first attempt starts: its endpoint is the first tried. */
  void begin(Exchange ex, Dispatch.Forward forward) {
    Attempts attempts = attempts(ex);
    if (attempts != null && attempts.tried.isEmpty()) {
      attempts.tried.add(forward.endpoint());
    }
  }

  /** A request body part read from the client: kept, within the limit, to send again. */
  void bodyRead(Exchange ex, HttpContent part) {
    Attempts attempts = attempts(ex);
    if (attempts != null && attempts.retry.policy().retries()) {
      attempts.keep(part);
    }
  }

  /** Starts the attempt's per-try timeout once it is connected and the request is complete. */
  void armPerTry(Exchange ex) {
    Attempts attempts = ex.attempts;
    if (attempts == null || attempts.perTryTimer != null || ex.upstream == null || !ex.requestComplete || ex.finished) {
      return;
    }
    Duration timeout = attempts.retry.policy().perTryTimeout();
    if (timeout.isZero()) {
      return;
    }
    int generation = attempts.generation;
    attempts.perTryTimer = client.executor().schedule(() -> perTryTimedOut(ex, attempts, generation),
        timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Retries an attempt that got no response headers, if the policy and budget allow. */
  boolean retryFailure(Exchange ex, AttemptFailure failure) {
    Attempts attempts = ex.attempts;
    return attempts != null && retry(ex, attempts, attempts.retry.policy().retriesOn(failure));
  }

  /**
   * Decides on a final response's headers before they go downstream: true when the response is
   * dropped (with its connection) and the request retried; the caller then drops the head too.
   */
  boolean retryResponse(Exchange ex, HttpResponse response) {
    Attempts attempts = ex.attempts;
    int code = response.status().code();
    if (attempts == null || ex.responseStarted || (code >= 100 && code < 200)) {
      return false;
    }
    return retry(ex, attempts, attempts.retry.policy().retriesOn(code, grpcStatus(response)));
  }

  /** The exchange ended: its timers, retry slot, active request and kept body go. */
  void end(Exchange ex) {
    Attempts attempts = ex.attempts;
    if (attempts == null) {
      return;
    }
    attempts.cancelTimers();
    releaseSlot(attempts);
    attempts.releaseBody();
  }

  private boolean retry(Exchange ex, Attempts attempts, boolean retriable) {
    // The previous retry's attempt has its outcome: its slot goes back, as in Envoy's RetryStateImpl.
    releaseSlot(attempts);
    RouteRetry retry = attempts.retry;
    if (!retriable || ex.finished || !attempts.canResend() || !(ex.dispatch instanceof Dispatch.Forward forward)) {
      return false;
    }
    if (attempts.retriesDone >= retry.policy().numRetries()) {
      retry.budget().limitExceeded();
      ex.flag("URX");
      return false;
    }
    if (!retry.budget().tryStartRetry(retry.maxRetries())) {
      // Envoy's retry overflow: the failed attempt's outcome stands, flagged UO.
      ex.flag("UO");
      return false;
    }
    attempts.holdsRetrySlot = true;
    attempts.retriesDone++;
    attempts.generation++;
    attempts.cancelTimers();
    relay.abandon(ex);
    ex.releasePending();
    forward.active().decrement();
    Optional<LbEndpoint<Endpoint>> next = retry.pickAvoiding(attempts.tried, PickContext.NONE);
    Dispatch.Forward nextForward = next.map(forward::to).orElse(forward);
    nextForward.active().increment();
    attempts.tried.add(nextForward.endpoint());
    ex.dispatch = nextForward;
    ex.upstreamReusable = true;
    ex.upstreamWasReused = false;
    attempts.resendInto(ex.pending, ex.request);
    Duration backoff = RetryBackoff.delay(attempts.retriesDone - 1, ThreadLocalRandom.current());
    int generation = attempts.generation;
    attempts.backoffTimer = client.executor().schedule(() -> backoffOver(ex, attempts, generation),
        backoff.toNanos(), TimeUnit.NANOSECONDS);
    return true;
  }

  private void backoffOver(Exchange ex, Attempts attempts, int generation) {
    if (attempts.generation != generation || ex.finished || !frontend.isCurrent(ex)) {
      return;
    }
    attempts.backoffTimer = null;
    relay.acquire(ex, (Dispatch.Forward) ex.dispatch);
  }

  /** Like Envoy, a per-try timeout once response headers went downstream is ignored. */
  private void perTryTimedOut(Exchange ex, Attempts attempts, int generation) {
    if (attempts.generation != generation || ex.finished || ex.responseStarted || ex.interim) {
      return;
    }
    attempts.perTryTimer = null;
    ex.attemptHost().timedOut(); // the endpoint had the request: a 504 for outlier detection
    relay.abandon(ex);
    ex.releasePending();
    if (!retryFailure(ex, AttemptFailure.PER_TRY_TIMEOUT)) {
      responder.fail(ex, 504, "UT");
    }
  }

  private static void releaseSlot(Attempts attempts) {
    if (attempts.holdsRetrySlot) {
      attempts.holdsRetrySlot = false;
      attempts.retry.budget().retryEnded();
    }
  }

  /** A trailers-only gRPC response carries its status in the headers; -1 when there is none. */
  private static int grpcStatus(HttpResponse response) {
    String value = response.headers().get("grpc-status");
    if (value == null) {
      return -1;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static Attempts attempts(Exchange ex) {
    if (ex.attempts == null && ex.dispatch instanceof Dispatch.Forward forward && !forward.retry().isNone()) {
      ex.attempts = new Attempts(forward.retry());
    }
    return ex.attempts;
  }
}
