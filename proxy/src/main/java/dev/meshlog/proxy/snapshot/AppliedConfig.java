package dev.meshlog.proxy.snapshot;

import dev.meshlog.proxy.authz.InboundAuthorization;
import dev.meshlog.proxy.route.RouteTable;
import java.util.Objects;

/**
 * The configuration a sidecar routes by, and which snapshot it came from.
 *
 * @param authorization the inbound AuthorizationPolicies, swapped with the routes
 */
public record AppliedConfig(long version, String hash, RouteTable routes, InboundAuthorization authorization) {

  /**
   * Before the first snapshot: nothing routes and nothing reaches the app, every request gets 503 NC (not ready, as
   * /ready says): an inbound request must never skip the PeerAuthentication and AuthorizationPolicy it cannot see yet.
   */
  public static final AppliedConfig NONE =
      new AppliedConfig(-1, "", RouteTable.UNCONFIGURED, InboundAuthorization.UNCONFIGURED);

  public AppliedConfig {
    Objects.requireNonNull(authorization, "authorization");
  }

  /** A config no AuthorizationPolicy selects. */
  public AppliedConfig(long version, String hash, RouteTable routes) {
    this(version, hash, routes, InboundAuthorization.NONE);
  }
}
