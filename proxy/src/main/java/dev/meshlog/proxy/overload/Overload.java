package dev.meshlog.proxy.overload;

import dev.meshlog.proxy.telemetry.RequestOutcome;
import dev.meshlog.proxy.telemetry.TelemetrySink;
import io.netty.channel.ChannelHandler;

/**
 * A sidecar's load shedding: one {@link AdmissionLimit} shared by its listeners, and a guard for
 * each downstream connection (HTTP/1.1) or stream (HTTP/2), placed ahead of routing.
 */
public final class Overload {

  /** No bound: every request goes on (tests and tools that build listeners by hand). */
  public static final Overload OFF = new Overload(new OverloadSettings(Integer.MAX_VALUE));

  private final AdmissionLimit limit;
  private final ShedReports reports;

  public Overload(OverloadSettings settings) {
    this.limit = new AdmissionLimit(settings.maxActiveRequests());
    this.reports = new ShedReports(settings.shedReportsPerSecond());
  }

  /** A new guard for one connection or stream whose shed requests are reported to {@code telemetry}. */
  public ChannelHandler guard(TelemetrySink telemetry, RequestOutcome.Side side) {
    return new OverloadGuard(limit, reports, telemetry, side);
  }

  /** Requests shed since start (meshlog_proxy_overload_shed_total). */
  public long shedCount() {
    return limit.shedCount();
  }

  /** Shed requests over the report rate, counted but without a telemetry record. */
  public long unreportedCount() {
    return reports.unreportedCount();
  }

  /** Requests admitted and not yet answered (meshlog_proxy_overload_active_requests). */
  public int active() {
    return limit.active();
  }

  public int maxActiveRequests() {
    return limit.max();
  }
}
