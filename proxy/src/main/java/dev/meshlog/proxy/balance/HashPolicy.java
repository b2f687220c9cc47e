package dev.meshlog.proxy.balance;

import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/** What a ring hash hashes for a request: Istio's {@code consistentHash} choices. */
public sealed interface HashPolicy {

  /**
   * The request's hash key, or empty when the request lacks it (the balancer then picks at random,
   * as Envoy does).
   */
  Optional<String> keyOf(PickContext context);

  /** Hash on a request header's value. */
  record Header(String name) implements HashPolicy {
    public Header {
      if (Objects.requireNonNull(name, "name").isBlank()) {
        throw new IllegalArgumentException("hash header name is blank");
      }
      name = name.toLowerCase(Locale.ROOT);
    }

    @Override
    public Optional<String> keyOf(PickContext context) {
      return context.header(name);
    }
  }

  /**
   * Hash on a cookie's value. With a TTL, a request without the cookie gets one made up, which the
   * listener returns as {@code Set-Cookie}; without a TTL such a request has no key. Envoy makes the
   * value from the connection's remote and local address with ports; this hashes the source IP
   * alone, so every connection of a client gets the same cookie and the same endpoint.
   */
  record Cookie(String name, Optional<String> path, Optional<Duration> ttl) implements HashPolicy {
    public Cookie {
      if (Objects.requireNonNull(name, "name").isBlank()) {
        throw new IllegalArgumentException("hash cookie name is blank");
      }
      path = Objects.requireNonNullElse(path, Optional.empty());
      ttl = Objects.requireNonNullElse(ttl, Optional.empty());
    }

    @Override
    public Optional<String> keyOf(PickContext context) {
      Optional<String> value = context.cookie(name);
      if (value.isPresent() || ttl.isEmpty()) {
        return value;
      }
      Optional<String> source = context.sourceIp();
      if (source.isEmpty()) {
        return Optional.empty();
      }
      String generated = HexFormat.of().toHexDigits(XxHash64.hash(source.get()));
      context.generatedCookie(name, generated, path, ttl.get());
      return Optional.of(generated);
    }
  }

  /** Hash on the downstream peer's IP address. */
  record SourceIp() implements HashPolicy {
    @Override
    public Optional<String> keyOf(PickContext context) {
      return context.sourceIp();
    }
  }
}
