package dev.meshlog.load;

import java.net.URI;
import java.time.Duration;

/**
 * One open-loop run: requests go out at {@code rate} per second whatever the target answers.
 *
 * @param host the target's loopback address
 * @param port the target's port
 * @param path the request path
 * @param hostHeader the Host header (routing for a sidecar's outbound listener)
 * @param rate requests per second offered
 * @param warmup time offered but not recorded (JIT, connection pools)
 * @param duration time recorded
 * @param connections keep-alive connections opened up front; a request waits for a free one
 * @param timeout a request without an answer after this long is an error and its connection is replaced
 */
record LoadSettings(String host, int port, String path, String hostHeader, int rate, Duration warmup, Duration duration,
    int connections, Duration timeout) {

  LoadSettings {
    if (rate < 1) {
      throw new IllegalArgumentException("--rate must be >= 1, got " + rate);
    }
    if (connections < 1) {
      throw new IllegalArgumentException("--connections must be >= 1, got " + connections);
    }
    if (duration.isZero() || duration.isNegative()) {
      throw new IllegalArgumentException("--duration must be positive");
    }
  }

  static LoadSettings parse(String[] args) {
    String url = null;
    int rate = 1000;
    long warmupS = 5;
    long durationS = 30;
    int connections = 256;
    long timeoutMs = 10_000;
    String hostHeader = null;
    for (int i = 0; i < args.length; i++) {
      String name = args[i];
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(name + ": missing value");
      }
      String value = args[++i];
      try {
        switch (name) {
          case "--url" -> url = value;
          case "--rate" -> rate = Integer.parseInt(value);
          case "--warmup" -> warmupS = Long.parseLong(value);
          case "--duration" -> durationS = Long.parseLong(value);
          case "--connections" -> connections = Integer.parseInt(value);
          case "--timeout-ms" -> timeoutMs = Long.parseLong(value);
          case "--host-header" -> hostHeader = value;
          default -> throw new IllegalArgumentException("unknown option " + name
              + " (use --url --rate --warmup --duration --connections --timeout-ms --host-header)");
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(name + ": not a number: '" + value + "'");
      }
    }
    if (url == null) {
      throw new IllegalArgumentException("--url is required, e.g. --url http://127.0.0.1:18083/");
    }
    URI uri = URI.create(url);
    if (!"http".equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 0) {
      throw new IllegalArgumentException("--url: expected http://HOST:PORT/PATH, got '" + url + "'");
    }
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    String host = hostHeader != null ? hostHeader : uri.getHost() + ":" + uri.getPort();
    return new LoadSettings(uri.getHost(), uri.getPort(), path, host, rate, Duration.ofSeconds(warmupS),
        Duration.ofSeconds(durationS), connections, Duration.ofMillis(timeoutMs));
  }
}
