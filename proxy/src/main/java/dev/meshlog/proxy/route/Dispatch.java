package dev.meshlog.proxy.route;

import dev.meshlog.proxy.balance.ActiveRequests;
import dev.meshlog.proxy.balance.LbEndpoint;
import dev.meshlog.proxy.circuit.UpstreamHost;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Where one request goes: forwarded to an endpoint, answered locally by a rule (redirect, direct
 * response), or answered locally with an error and an Envoy-style response flag, possibly after an
 * injected delay. A value, never null, so "no route" cannot be forgotten.
 */
public sealed interface Dispatch permits Dispatch.Forward, Dispatch.Reply, Dispatch.Fail, Dispatch.Delayed {

  /** The fully qualified service the request was meant for (the requested host when unrouted). */
  String destinationService();

  /** The route that decided, empty when none matched. */
  String routeName();

  /**
   * @param edits what the rule changes on the request and its response for this destination
   * @param rewrittenPart the path prefix a uri rewrite replaces, from the match entry that matched
   * @param active the picked endpoint's in-flight counter (least-request balancing reads it): the
   *     listener counts the request in when it forwards and out when the exchange ends
   * @param timeout the route timeout, {@link Duration#ZERO} for none (see {@link RuleAction.Route})
   * @param retry how a failed attempt is retried, {@link RouteRetry#NONE} for never
   * @param mirror where a copy of this request goes, fire and forget; empty for none
   * @param host the endpoint's live state in its cluster: circuit breaker, outlier detection, the
   *     pool its connections come from; unmetered when not given
   */
  record Forward(Endpoint endpoint, Cluster cluster, String routeName, UpstreamEdits edits, String rewrittenPart,
      ActiveRequests active, Duration timeout, RouteRetry retry, Optional<Mirror> mirror, UpstreamHost host)
      implements Dispatch {

    public Forward {
      Objects.requireNonNull(endpoint, "endpoint");
      Objects.requireNonNull(cluster, "cluster");
      edits = Objects.requireNonNullElse(edits, UpstreamEdits.NONE);
      rewrittenPart = Objects.requireNonNullElse(rewrittenPart, "/");
      active = active == null ? new ActiveRequests() : active;
      timeout = Objects.requireNonNullElse(timeout, Duration.ZERO);
      mirror = Objects.requireNonNullElse(mirror, Optional.empty());
      retry = Objects.requireNonNullElse(retry, RouteRetry.NONE);
      host = host == null ? UpstreamHost.unmetered(endpoint.socketAddress()) : host;
    }

    public Forward(Endpoint endpoint, Cluster cluster, String routeName, UpstreamEdits edits, String rewrittenPart,
        ActiveRequests active, Duration timeout) {
      this(endpoint, cluster, routeName, edits, rewrittenPart, active, timeout, RouteRetry.NONE, Optional.empty(), null);
    }

    public Forward(Endpoint endpoint, Cluster cluster, String routeName, UpstreamEdits edits, String rewrittenPart,
        ActiveRequests active) {
      this(endpoint, cluster, routeName, edits, rewrittenPart, active, Duration.ZERO);
    }

    public Forward(Endpoint endpoint, Cluster cluster, String routeName, UpstreamEdits edits, String rewrittenPart) {
      this(endpoint, cluster, routeName, edits, rewrittenPart, null, Duration.ZERO);
    }

    /** Forwards the request unchanged. */
    public Forward(Endpoint endpoint, Cluster cluster, String routeName) {
      this(endpoint, cluster, routeName, UpstreamEdits.NONE, "/", null, Duration.ZERO);
    }

    /** The same forward to another endpoint of the cluster: a retry's next attempt. */
    public Forward to(LbEndpoint<Endpoint> picked) {
      return new Forward(picked.endpoint(), cluster, routeName, edits, rewrittenPart, picked.activeRequests(), timeout,
          retry, mirror, picked.health() instanceof UpstreamHost live ? live : null);
    }

    @Override
    public String destinationService() {
      return cluster.host();
    }
  }

  /** The endpoint (and its cluster) a mirrored request's copy goes to. */
  record Mirror(Endpoint endpoint, Cluster cluster) {
    public Mirror {
      Objects.requireNonNull(endpoint, "endpoint");
      Objects.requireNonNull(cluster, "cluster");
    }
  }

  /**
   * A rule's own answer, which is not a failure (Envoy sets no response flag for it).
   *
   * @param body plain text, empty for none
   * @param location the Location header of a redirect, empty for a direct response
   * @param responseHeaders the rule's response header operations
   */
  record Reply(int status, String body, String location, HeaderOperations responseHeaders, String destinationService,
      String routeName) implements Dispatch {

    public Reply {
      body = Objects.requireNonNullElse(body, "");
      location = Objects.requireNonNullElse(location, "");
      responseHeaders = Objects.requireNonNullElse(responseHeaders, HeaderOperations.NONE);
    }
  }

  record Fail(int status, String responseFlag, String destinationService, String routeName) implements Dispatch {

    /** No route for the host: Envoy's NR. */
    public static Fail noRoute(String host) {
      return new Fail(404, "NR", host, "");
    }

    /**
     * No config from the control plane yet (the proxy is not ready): 503 with Envoy's NC (no cluster found),
     * never a guess. The client may retry; the proxy serves once its first snapshot is applied.
     */
    public static Fail noConfig(String host) {
      return new Fail(503, "NC", host, "");
    }

    /** The picked cluster has no healthy endpoint: Envoy's UH. */
    public static Fail noHealthyUpstream(Cluster cluster, String routeName) {
      return new Fail(503, "UH", cluster.host(), routeName);
    }

    /** A fault injection abort: Envoy's FI, answered without touching an upstream. */
    public static Fail faultAbort(int status, String destinationService, String routeName) {
      return new Fail(status, "FI", destinationService, routeName);
    }
  }

  /**
   * An injected fault delay (Envoy's DI): hold the request for {@code delay}, then do {@code then}.
   * The route timeout of a forward starts only after the delay.
   */
  record Delayed(Duration delay, Dispatch then) implements Dispatch {

    public Delayed {
      Objects.requireNonNull(delay, "delay");
      Objects.requireNonNull(then, "then");
      if (delay.isNegative() || delay.isZero()) {
        throw new IllegalArgumentException("a fault delay must be positive, got " + delay);
      }
      if (then instanceof Delayed) {
        throw new IllegalArgumentException("a fault delay cannot wrap another");
      }
    }

    @Override
    public String destinationService() {
      return then.destinationService();
    }

    @Override
    public String routeName() {
      return then.routeName();
    }
  }
}
