package dev.meshlog.proxy.overload;

/**
 * How much work a sidecar accepts before it sheds (503 with {@code x-meshlog-overloaded: true}).
 *
 * @param maxActiveRequests downstream requests active at once over both listeners; the next one is
 *     shed. The default, {@value #DEFAULT_MAX_ACTIVE_REQUESTS}, comes from docs/overload.md: it is far
 *     above the concurrency one sidecar core serves at its maximum throughput (wrk's 32 connections
 *     reach it), so no burst a sidecar can serve is shed, and it keeps the worst case of streamed body
 *     chunks (one 64 KiB read per request) under the sidecar's 32 MiB of direct memory.
 * @param shedReportsPerSecond shed requests per second that get a telemetry and access-log record
 *     (flag OM); the rest are counted only ({@code meshlog_proxy_overload_shed_unreported_total}),
 *     so that shedding stays cheaper than serving (docs/overload.md)
 */
public record OverloadSettings(int maxActiveRequests, int shedReportsPerSecond) {

  public static final int DEFAULT_MAX_ACTIVE_REQUESTS = 256;
  public static final int DEFAULT_SHED_REPORTS_PER_SECOND = 100;

  public static final OverloadSettings DEFAULTS = new OverloadSettings(DEFAULT_MAX_ACTIVE_REQUESTS);

  /** A bound with the default report rate. */
  public OverloadSettings(int maxActiveRequests) {
    this(maxActiveRequests, DEFAULT_SHED_REPORTS_PER_SECOND);
  }

  public OverloadSettings {
    if (maxActiveRequests < 1) {
      throw new IllegalArgumentException("maxActiveRequests must be >= 1, got " + maxActiveRequests);
    }
    if (shedReportsPerSecond < 0) {
      throw new IllegalArgumentException("shedReportsPerSecond must be >= 0, got " + shedReportsPerSecond);
    }
  }
}
