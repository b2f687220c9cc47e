package dev.meshlog.proxy.retry;

/** How an upstream attempt failed before any response headers came back. */
public enum AttemptFailure {
  /** The connection could not be made (refused, connect timeout). */
  CONNECT_FAILURE,
  /** The upstream closed or reset the connection before response headers. */
  RESET,
  /** An HTTP/2 upstream reset the stream with REFUSED_STREAM: it never began processing the request. */
  REFUSED_STREAM,
  /** The attempt's per-try timeout fired before response headers. */
  PER_TRY_TIMEOUT
}
