package dev.meshlog.proxy.retry;

import java.util.Locale;
import java.util.Optional;

/**
 * Envoy's {@code x-envoy-retry-on} and {@code x-envoy-retry-grpc-on} conditions that an HTTP/1.1
 * proxy can meet, spelled as Istio's {@code retryOn} spells them.
 */
public enum RetryOn {
  /** Any 5xx response, and no response at all (connect failure, reset, per-try timeout). */
  FIVE_XX("5xx"),
  /** 502, 503 or 504, and no response at all, as Envoy counts a reset as the 5xx it turns into. */
  GATEWAY_ERROR("gateway-error"),
  CONNECT_FAILURE("connect-failure"),
  /** No response at all: disconnect, reset, per-try timeout. */
  RESET("reset"),
  /** An HTTP/2 upstream's RST_STREAM with REFUSED_STREAM (it never saw the request); never over HTTP/1.1. */
  REFUSED_STREAM("refused-stream"),
  /** 409. */
  RETRIABLE_4XX("retriable-4xx"),
  /** A status in the policy's retriable status codes. */
  RETRIABLE_STATUS_CODES("retriable-status-codes"),
  GRPC_CANCELLED("cancelled", 1),
  GRPC_DEADLINE_EXCEEDED("deadline-exceeded", 4),
  GRPC_RESOURCE_EXHAUSTED("resource-exhausted", 8),
  GRPC_INTERNAL("internal", 13),
  GRPC_UNAVAILABLE("unavailable", 14);

  private final String spelling;
  /** The gRPC status a gRPC condition retries on, -1 for the HTTP ones. */
  private final int grpcStatus;

  RetryOn(String spelling) {
    this(spelling, -1);
  }

  RetryOn(String spelling, int grpcStatus) {
    this.spelling = spelling;
    this.grpcStatus = grpcStatus;
  }

  public String spelling() {
    return spelling;
  }

  /** The gRPC status code this condition retries on, -1 for an HTTP condition. */
  public int grpcStatus() {
    return grpcStatus;
  }

  /** The condition named {@code value} (case and blanks ignored), empty for one Envoy would not know. */
  public static Optional<RetryOn> parse(String value) {
    String wanted = value.trim().toLowerCase(Locale.ROOT);
    for (RetryOn on : values()) {
      if (on.spelling.equals(wanted)) {
        return Optional.of(on);
      }
    }
    return Optional.empty();
  }
}
