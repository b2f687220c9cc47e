package dev.meshlog.proxy.balance;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * What a balancer may look at in a request, free of Netty types: the listener adapts its request
 * to this. Only ring hash reads the header, cookie and source IP; every balancer draws from
 * {@link #random()}.
 */
public interface PickContext {

  /** A context with no request attributes, drawing from the calling thread's random generator. */
  PickContext NONE = new PickContext() {};

  /** The value of the named request header (names compare case-insensitively), if present. */
  default Optional<String> header(String name) {
    return Optional.empty();
  }

  /** The value of the named request cookie, if present. */
  default Optional<String> cookie(String name) {
    return Optional.empty();
  }

  /** The downstream peer's IP address as text ({@code 10.0.0.7}, {@code ::1}), without the port. */
  default Optional<String> sourceIp() {
    return Optional.empty();
  }

  /**
   * Random choices draw from here. The default is thread-local (no contention between event
   * loops); tests return a seeded generator.
   */
  default RandomGenerator random() {
    return ThreadLocalRandom.current();
  }

  /**
   * Called when a cookie hash policy with a TTL found no cookie and made one up, as Envoy does:
   * the listener should send it back as {@code Set-Cookie} so the client's next requests stick
   * to the same endpoint. The default ignores it.
   */
  default void generatedCookie(String name, String value, Optional<String> path, Duration ttl) {
    // Contexts that cannot answer with headers (TCP) have nothing to do.
  }

  /** A context with no request attributes that draws from {@code random}. */
  static PickContext withRandom(RandomGenerator random) {
    return new PickContext() {
      @Override
      public RandomGenerator random() {
        return random;
      }
    };
  }
}
