package dev.meshlog.ingest.kubernetes.istio;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How the Istio resource sync runs.
 *
 * @param namespace watch only this namespace; empty watches all
 * @param resync how often the informers replay their cache (a replay of unchanged objects publishes nothing)
 * @param syncTimeout how long to wait for an informer's first list before reconciling without it
 * @param retryBackoff how long to wait before a full reconcile after a failed publish
 * @param kafka extra Kafka client settings (security), for the publisher and the log reader
 * @param clock stamps the commands' envelopes
 */
public record IstioSyncConfig(Optional<String> namespace, Duration resync, Duration syncTimeout, Duration retryBackoff,
    Map<String, Object> kafka, Clock clock) {

  public IstioSyncConfig {
    namespace = Objects.requireNonNull(namespace, "namespace").filter(ns -> !ns.isBlank());
    if (resync.isNegative()) {
      throw new IllegalArgumentException("resync must not be negative: " + resync);
    }
    if (syncTimeout.isNegative() || syncTimeout.isZero()) {
      throw new IllegalArgumentException("syncTimeout must be positive: " + syncTimeout);
    }
    if (retryBackoff.isNegative()) {
      throw new IllegalArgumentException("retryBackoff must not be negative: " + retryBackoff);
    }
    kafka = Map.copyOf(kafka);
    Objects.requireNonNull(clock, "clock");
  }

  public static IstioSyncConfig defaults() {
    return new IstioSyncConfig(Optional.empty(), Duration.ofMinutes(10), Duration.ofSeconds(60), Duration.ofSeconds(5),
        Map.of(), Clock.systemUTC());
  }

  public IstioSyncConfig withNamespace(String namespace) {
    return new IstioSyncConfig(Optional.ofNullable(namespace), resync, syncTimeout, retryBackoff, kafka, clock);
  }

  public IstioSyncConfig withResync(Duration resync) {
    return new IstioSyncConfig(namespace, resync, syncTimeout, retryBackoff, kafka, clock);
  }

  public IstioSyncConfig withKafka(Map<String, Object> kafka) {
    return new IstioSyncConfig(namespace, resync, syncTimeout, retryBackoff, kafka, clock);
  }

  /** True when {@code subject} ({@code Kind/ns/name}) is in the watched namespace. */
  boolean watches(String subject) {
    String[] parts = subject.split("/", 3);
    return parts.length == 3 && namespace.map(parts[1]::equals).orElse(true);
  }
}
