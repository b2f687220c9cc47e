package dev.meshlog.proxy.listener.limits;

/**
 * Why a listener refused a downstream client, as the {@code reason} label of
 * {@code meshlog_proxy_downstream_rejected_total}, with the status the client was answered (0: the
 * connection was closed without an HTTP answer, or, on HTTP/2, with a GOAWAY).
 */
public enum Rejection {
  /** Bad request line, header syntax or chunk framing, an invalid method or version, CL+TE (smuggling). */
  MALFORMED_REQUEST("malformed_request", 400),
  REQUEST_LINE_TOO_LONG("request_line_too_long", 414),
  HEADERS_TOO_LARGE("headers_too_large", 431),
  TOO_MANY_HEADERS("too_many_headers", 431),
  /** Headers not complete within the request headers timeout (slowloris). */
  REQUEST_HEADERS_TIMEOUT("request_headers_timeout", 408),
  /** No request in flight for the idle timeout. */
  IDLE_TIMEOUT("idle_timeout", 0),
  /** Accepted past the listener's connection limit, closed at once. */
  CONNECTION_LIMIT("connection_limit", 0),
  /** More HTTP/1.1 requests pipelined ahead of their responses than allowed. */
  PIPELINE_TOO_DEEP("pipeline_too_deep", 0),
  /** HTTP/2 GOAWAY ENHANCE_YOUR_CALM: rapid reset, control frame or empty frame flood. */
  H2_ENHANCE_YOUR_CALM("h2_enhance_your_calm", 0),
  /** Any other HTTP/2 GOAWAY with an error code (protocol error, a header list far over the limit, ...). */
  H2_CONNECTION_ERROR("h2_connection_error", 0),
  /** An HTTP/2 stream past SETTINGS_MAX_CONCURRENT_STREAMS: RST_STREAM REFUSED_STREAM. */
  H2_REFUSED_STREAM("h2_refused_stream", 0),
  /** An HTTP/2 stream reset for a protocol error, e.g. a header list over the limit (answered 431 first). */
  H2_STREAM_ERROR("h2_stream_error", 431);

  private final String label;
  private final int status;

  Rejection(String label, int status) {
    this.label = label;
    this.status = status;
  }

  public String label() {
    return label;
  }

  /** The status the client is answered, 0 when it gets none. */
  public int status() {
    return status;
  }
}
