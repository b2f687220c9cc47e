package dev.meshlog.proxy.snapshot;

import dev.meshlog.proxy.route.RouteTable;

/** The configuration a sidecar routes by, and which snapshot it came from. */
public record AppliedConfig(long version, String hash, RouteTable routes) {

  /** Before the first snapshot: nothing routes (every request gets 404 NR). */
  public static final AppliedConfig NONE = new AppliedConfig(-1, "", RouteTable.EMPTY);
}
