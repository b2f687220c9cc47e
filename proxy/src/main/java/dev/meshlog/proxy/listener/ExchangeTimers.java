package dev.meshlog.proxy.listener;

import dev.meshlog.proxy.route.Dispatch;
import io.netty.channel.ChannelHandlerContext;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A route's injected fault delay and its timeout, one per client connection. Both are timers on the
 * connection's event loop, cancelled when the exchange ends: no thread waits for a request.
 */
final class ExchangeTimers {

  private final FrontendHandler frontend;
  private final ChannelHandlerContext client;
  private final UpstreamRelay relay;
  private final LocalResponder responder;

  ExchangeTimers(FrontendHandler frontend, ChannelHandlerContext client, UpstreamRelay relay, LocalResponder responder) {
    this.frontend = frontend;
    this.client = client;
    this.relay = relay;
    this.responder = responder;
  }

  /**
   * Envoy's fault filter holds the request before the router: nothing is read meanwhile, and body
   * parts already read wait in pending.
   */
  void hold(Exchange ex, Duration delay) {
    ex.flag("DI");
    ex.delayTimer = client.executor().schedule(() -> delayOver(ex), delay.toNanos(), TimeUnit.NANOSECONDS);
  }

  private void delayOver(Exchange ex) {
    ex.delayTimer = null;
    if (!ex.finished) {
      frontend.proceed(ex);
    }
  }

  /**
   * Envoy's route timeout runs from the end of the downstream request (the router has it all) to
   * the end of the upstream response, across connect, replay and the whole response body.
   */
  void armRouteTimeout(Exchange ex) {
    if (ex.routeTimer != null || !ex.requestComplete || ex.localReply || !(ex.dispatch instanceof Dispatch.Forward forward)
        || forward.timeout().isZero()) {
      return;
    }
    ex.routeTimer = client.executor().schedule(() -> routeTimedOut(ex), forward.timeout().toNanos(), TimeUnit.NANOSECONDS);
  }

  /**
   * Before response headers went downstream: 504 UT, as Envoy answers. After: only resetting the
   * client connection tells the client the response is cut short. Either way the upstream
   * connection is mid-exchange, so it is closed, never pooled.
   */
  private void routeTimedOut(Exchange ex) {
    ex.routeTimer = null;
    if (ex.finished || ex.responseComplete) {
      return;
    }
    if (ex.upstream != null && ex.attemptHost() != null) {
      ex.attemptHost().timedOut(); // the endpoint had the request: a 504 for outlier detection
    }
    relay.abandon(ex);
    ex.releasePending();
    if (!ex.responseStarted && !ex.interim) {
      responder.fail(ex, 504, "UT");
    } else {
      relay.cutShort(ex, "UT");
    }
  }

  /** When the exchange ends first, neither timer may fire into the next one. */
  void cancel(Exchange ex) {
    if (ex.delayTimer != null) {
      ex.delayTimer.cancel(false);
      ex.delayTimer = null;
    }
    if (ex.routeTimer != null) {
      ex.routeTimer.cancel(false);
      ex.routeTimer = null;
    }
  }
}
