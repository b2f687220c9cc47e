package dev.meshlog.proxy.listener.limits;

import java.time.Duration;
import java.util.Objects;

/**
 * What a listener accepts from a downstream client before it refuses it: Envoy's defaults where
 * Envoy has a sensible one, tighter where Envoy's default assumes a trusted client. docs/proxy-limits.md
 * gives the reasons.
 *
 * @param maxConnections open downstream connections per listener; more are closed at accept (Envoy's
 *     {@code global_downstream_max_connections}, which has no default)
 * @param maxRequestLineBytes an HTTP/1.1 request line longer than this gets 414 (Envoy counts the line
 *     within its header limit; a separate bound lets a client tell a long URL from a header flood)
 * @param maxRequestHeadersBytes all header lines of an HTTP/1.1 request, or an HTTP/2 header list;
 *     more gets 431 (Envoy's {@code max_request_headers_kb} = 60)
 * @param maxRequestHeaders header fields per request; more gets 431 (Envoy's {@code max_headers_count} = 100)
 * @param requestHeadersTimeout from a request's first byte to its last header byte; past it, 408 and
 *     close (Envoy's {@code request_headers_timeout}, off by default there)
 * @param idleTimeout a connection with no request in flight for this long is closed (Envoy's
 *     {@code idle_timeout}, one hour by default)
 * @param maxPipelinedRequests HTTP/1.1 requests a client may send ahead of their responses; more closes
 * @param h2MaxConcurrentStreams SETTINGS_MAX_CONCURRENT_STREAMS (Istio's hardening guidance: 100)
 * @param h2MaxResetsPerWindow RST_STREAMs a client may send per {@code h2ResetWindow} before GOAWAY
 *     ENHANCE_YOUR_CALM (CVE-2023-44487, HTTP/2 rapid reset)
 * @param h2ResetWindow the window of {@code h2MaxResetsPerWindow}
 * @param h2MaxQueuedControlFrames control frames (PING/SETTINGS acks, RSTs) queued for a client that
 *     does not read them before GOAWAY ENHANCE_YOUR_CALM
 */
public record DownstreamLimits(
    int maxConnections,
    int maxRequestLineBytes,
    int maxRequestHeadersBytes,
    int maxRequestHeaders,
    Duration requestHeadersTimeout,
    Duration idleTimeout,
    int maxPipelinedRequests,
    int h2MaxConcurrentStreams,
    int h2MaxResetsPerWindow,
    Duration h2ResetWindow,
    int h2MaxQueuedControlFrames) {

  public static final DownstreamLimits DEFAULTS = new DownstreamLimits(1024, 16 * 1024, 60 * 1024, 100,
      Duration.ofSeconds(10), Duration.ofMinutes(5), 128, 100, 200, Duration.ofSeconds(30), 10_000);

  public DownstreamLimits {
    positive("maxConnections", maxConnections);
    positive("maxRequestLineBytes", maxRequestLineBytes);
    positive("maxRequestHeadersBytes", maxRequestHeadersBytes);
    positive("maxRequestHeaders", maxRequestHeaders);
    positive("maxPipelinedRequests", maxPipelinedRequests);
    positive("h2MaxConcurrentStreams", h2MaxConcurrentStreams);
    positive("h2MaxResetsPerWindow", h2MaxResetsPerWindow);
    positive("h2MaxQueuedControlFrames", h2MaxQueuedControlFrames);
    positive("requestHeadersTimeout", requestHeadersTimeout);
    positive("idleTimeout", idleTimeout);
    positive("h2ResetWindow", h2ResetWindow);
    if (h2ResetWindow.toSeconds() < 1) {
      throw new IllegalArgumentException("h2ResetWindow must be at least 1s, got " + h2ResetWindow);
    }
  }

  private static void positive(String name, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be >= 1, got " + value);
    }
  }

  private static void positive(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + value);
    }
  }

  public DownstreamLimits withMaxConnections(int connections) {
    return new DownstreamLimits(connections, maxRequestLineBytes, maxRequestHeadersBytes, maxRequestHeaders,
        requestHeadersTimeout, idleTimeout, maxPipelinedRequests, h2MaxConcurrentStreams, h2MaxResetsPerWindow,
        h2ResetWindow, h2MaxQueuedControlFrames);
  }

  public DownstreamLimits withRequestHeadersTimeout(Duration timeout) {
    return new DownstreamLimits(maxConnections, maxRequestLineBytes, maxRequestHeadersBytes, maxRequestHeaders,
        timeout, idleTimeout, maxPipelinedRequests, h2MaxConcurrentStreams, h2MaxResetsPerWindow,
        h2ResetWindow, h2MaxQueuedControlFrames);
  }

  public DownstreamLimits withIdleTimeout(Duration timeout) {
    return new DownstreamLimits(maxConnections, maxRequestLineBytes, maxRequestHeadersBytes, maxRequestHeaders,
        requestHeadersTimeout, timeout, maxPipelinedRequests, h2MaxConcurrentStreams, h2MaxResetsPerWindow,
        h2ResetWindow, h2MaxQueuedControlFrames);
  }

  public DownstreamLimits withH2MaxResetsPerWindow(int resets, Duration window) {
    return new DownstreamLimits(maxConnections, maxRequestLineBytes, maxRequestHeadersBytes, maxRequestHeaders,
        requestHeadersTimeout, idleTimeout, maxPipelinedRequests, h2MaxConcurrentStreams, resets, window,
        h2MaxQueuedControlFrames);
  }
}
