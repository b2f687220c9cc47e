package dev.meshlog.proxy.authz;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpRequest;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Envoy's RBAC filter on the inbound listener: decides each request by the live snapshot's
 * policies (read once per request, so a swap applies to the next one), counts the outcome and
 * logs denials, rate-limited. Runs on event loops: allocates only the request's attributes, and
 * nothing at all while no policy selects the workload.
 */
public final class InboundAuthorizer {

  private static final long LOG_INTERVAL_MILLIS = 1_000;
  private static final int UNKNOWN_PORT = -1;

  /** For listeners built without authorization (tests, sidecars without inbound policies). */
  public static final InboundAuthorizer ALLOW_ALL =
      new InboundAuthorizer("-", UNKNOWN_PORT, () -> InboundAuthorization.NONE, new RbacStats());

  private final int workloadPort;
  private final Supplier<InboundAuthorization> policies;
  private final RbacStats stats;
  private final DenialLog lines;

  /**
   * @param workloadPort the app's port ({@code SidecarConfig.appPort}), which {@code ports} and
   *     {@code destination.port} match as Istio's workload port; not the inbound listener's port
   * @param policies the applied snapshot's policies, e.g. {@code () -> live.current().authorization()}
   */
  public InboundAuthorizer(String proxyId, int workloadPort, Supplier<InboundAuthorization> policies, RbacStats stats) {
    this(proxyId, workloadPort, policies, stats, System::currentTimeMillis);
  }

  InboundAuthorizer(String proxyId, int workloadPort, Supplier<InboundAuthorization> policies, RbacStats stats,
      LongSupplier clock) {
    Objects.requireNonNull(proxyId, "proxyId");
    this.workloadPort = workloadPort;
    this.policies = Objects.requireNonNull(policies, "policies");
    this.stats = Objects.requireNonNull(stats, "stats");
    this.lines = new DenialLog(proxyId, LOG_INTERVAL_MILLIS, clock);
  }

  /**
   * Decides {@code request}, which came in on {@code channel} (a connection or an h2 stream). While
   * policies apply, the request's path is first normalized in place (dot segments, encoded unreserved
   * characters), so the app receives the path the policies saw.
   */
  public Decision check(HttpRequest request, Channel channel) {
    InboundAuthorization current = policies.get();
    if (current.isEmpty()) {
      return Decision.ALLOWED;
    }
    // The app must get the path that was authorized: an Envoy with normalize_path forwards it normalized too.
    String uri = request.uri();
    String normalized = PathNormalizer.normalizeUri(uri);
    if (normalized != uri) {
      request.setUri(normalized);
    }
    RequestAttributes attributes = RequestAttributes.of(request, channel, current.readsSni(), workloadPort);
    Decision decision = current.decide(attributes);
    stats.record(decision);
    if (!decision.allowed()) {
      lines.denied(decision, attributes);
    }
    if (!decision.audited().isEmpty()) {
      lines.audited(decision, attributes);
    }
    return decision;
  }

  /** False until the first snapshot is applied: then no request may pass, whatever policies would say. */
  public boolean configured() {
    return policies.get() != InboundAuthorization.UNCONFIGURED;
  }

  public RbacStats stats() {
    return stats;
  }
}
