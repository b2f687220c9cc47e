package dev.meshlog.engine;

import dev.meshlog.engine.ca.signer.CaConfig;
import dev.meshlog.engine.snapshot.Debounce;
import dev.meshlog.schemas.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the policy engine needs to run, checked on creation.
 *
 * @param bootstrap Kafka bootstrap servers
 * @param topics the topic set to read and write (prefixed in tests)
 * @param applicationIdPrefix the three Streams apps are {@code <prefix>-sequencer}, {@code <prefix>-snapshots} and {@code <prefix>-status} (and {@code <prefix>-ca} with a CA)
 * @param stateDir parent of the apps' state directories
 * @param replicationFactor of the apps' internal topics (changelogs, repartition): 1 on one broker, 3 in production
 * @param debounceQuiet publish snapshots once the inputs have been quiet this long
 * @param debounceMax ... or at the latest this long after the first unpublished change
 * @param ca the mesh CA signer ({@code <prefix>-ca}), when this engine runs one
 */
public record EngineConfig(
    String bootstrap,
    Topics topics,
    String applicationIdPrefix,
    Path stateDir,
    int replicationFactor,
    Duration debounceQuiet,
    Duration debounceMax,
    Optional<CaConfig> ca) {

  public static final String DEFAULT_APPLICATION_ID_PREFIX = "meshlog-engine";

  public EngineConfig {
    Objects.requireNonNull(bootstrap, "bootstrap");
    Objects.requireNonNull(topics, "topics");
    Objects.requireNonNull(applicationIdPrefix, "applicationIdPrefix");
    Objects.requireNonNull(stateDir, "stateDir");
    if (bootstrap.isBlank()) {
      throw new IllegalArgumentException("bootstrap must name at least one broker");
    }
    if (applicationIdPrefix.isBlank()) {
      throw new IllegalArgumentException("applicationIdPrefix must not be blank");
    }
    if (replicationFactor < 1) {
      throw new IllegalArgumentException("replicationFactor must be at least 1, got " + replicationFactor);
    }
    new Debounce(debounceQuiet, debounceMax); // same checks, one place
    Objects.requireNonNull(ca, "ca");
  }

  /** Without a CA. */
  public EngineConfig(String bootstrap, Topics topics, String applicationIdPrefix, Path stateDir, int replicationFactor,
      Duration debounceQuiet, Duration debounceMax) {
    this(bootstrap, topics, applicationIdPrefix, stateDir, replicationFactor, debounceQuiet, debounceMax, Optional.empty());
  }

  /** One broker's worth of defaults: prefix {@value #DEFAULT_APPLICATION_ID_PREFIX}, replication 1, Istio's debounce (100 ms, 10 s). */
  public static EngineConfig defaults(String bootstrap, Topics topics, Path stateDir) {
    return new EngineConfig(bootstrap, topics, DEFAULT_APPLICATION_ID_PREFIX, stateDir, 1,
        Debounce.ISTIO.quiet(), Debounce.ISTIO.max());
  }

  public EngineConfig withApplicationIdPrefix(String prefix) {
    return new EngineConfig(bootstrap, topics, prefix, stateDir, replicationFactor, debounceQuiet, debounceMax, ca);
  }

  public EngineConfig withReplicationFactor(int factor) {
    return new EngineConfig(bootstrap, topics, applicationIdPrefix, stateDir, factor, debounceQuiet, debounceMax, ca);
  }

  public EngineConfig withDebounce(Debounce debounce) {
    return new EngineConfig(bootstrap, topics, applicationIdPrefix, stateDir, replicationFactor, debounce.quiet(), debounce.max(), ca);
  }

  /** Runs the mesh CA signer as a fourth app, {@code <prefix>-ca}. */
  public EngineConfig withCa(CaConfig caConfig) {
    return new EngineConfig(bootstrap, topics, applicationIdPrefix, stateDir, replicationFactor, debounceQuiet, debounceMax,
        Optional.of(caConfig));
  }

  public Debounce debounce() {
    return new Debounce(debounceQuiet, debounceMax);
  }

  public String sequencerApplicationId() {
    return applicationIdPrefix + "-sequencer";
  }

  public String snapshotsApplicationId() {
    return applicationIdPrefix + "-snapshots";
  }

  /** The proxy-status and policy-rollout job (snapshots and ACKs in). */
  public String statusApplicationId() {
    return applicationIdPrefix + "-status";
  }

  /** The mesh CA signer (requests in, certificates, audit and trust bundle out), when {@link #ca()} is set. */
  public String caApplicationId() {
    return applicationIdPrefix + "-ca";
  }
}
