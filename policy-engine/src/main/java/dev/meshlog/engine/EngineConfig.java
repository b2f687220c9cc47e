package dev.meshlog.engine;

import dev.meshlog.engine.ca.signer.CaConfig;
import dev.meshlog.engine.snapshot.Debounce;
import dev.meshlog.engine.snapshot.WorkloadIdentity;
import dev.meshlog.schemas.GroupInstanceId;
import dev.meshlog.schemas.GroupSessionTimeout;
import dev.meshlog.schemas.KafkaClientSettings;
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
 * @param trustDomain the mesh's SPIFFE trust domain (a DNS-like name): snapshots carry it, their endpoint identities are
 *     in it, and only its trust bundle is folded into them
 * @param ca the mesh CA signer ({@code <prefix>-ca}), when this engine runs one; it signs in {@code trustDomain}
 * @param instanceId this instance's static group membership id ({@code group.instance.id} of every app's consumers), so a
 *     restarted instance gets its partitions back at once instead of after its old member's session timeout; empty =
 *     dynamic membership
 * @param standbyReplicas warm copies of each stateful task kept on other instances ({@code num.standby.replicas}), so a
 *     surviving instance takes over a dead one's tasks without restoring them from the changelogs
 * @param kafkaClient connection and security settings (SASL, TLS) merged into every Kafka client of the engine
 * @param sessionTimeout how long the apps' groups wait for a silent instance before its tasks move (a crash takeover),
 *     {@link GroupSessionTimeout}
 */
public record EngineConfig(
    String bootstrap,
    Topics topics,
    String applicationIdPrefix,
    Path stateDir,
    int replicationFactor,
    Duration debounceQuiet,
    Duration debounceMax,
    String trustDomain,
    Optional<CaConfig> ca,
    KafkaClientSettings kafkaClient,
    Optional<String> instanceId,
    int standbyReplicas,
    Duration sessionTimeout) {

  public static final String DEFAULT_APPLICATION_ID_PREFIX = "meshlog-engine";
  public static final int DEFAULT_STANDBY_REPLICAS = 1;

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
    WorkloadIdentity.requireTrustDomain(trustDomain);
    Objects.requireNonNull(ca, "ca");
    Objects.requireNonNull(kafkaClient, "kafkaClient");
    Objects.requireNonNull(instanceId, "instanceId").ifPresent(GroupInstanceId::check);
    if (standbyReplicas < 0) {
      throw new IllegalArgumentException("standbyReplicas must not be negative, got " + standbyReplicas);
    }
    GroupSessionTimeout.check(sessionTimeout);
    if (ca.isPresent() && !ca.get().trustDomain().equals(trustDomain)) {
      // One domain for both: a CA signing in another domain would issue certificates no snapshot trusts.
      throw new IllegalArgumentException("the CA signs in trust domain " + ca.get().trustDomain()
          + " but the engine's trust domain is " + trustDomain);
    }
  }

  /** Without client settings: a cluster that needs no login (the embedded broker). */
  public EngineConfig(String bootstrap, Topics topics, String applicationIdPrefix, Path stateDir, int replicationFactor,
      Duration debounceQuiet, Duration debounceMax, String trustDomain, Optional<CaConfig> ca) {
    this(bootstrap, topics, applicationIdPrefix, stateDir, replicationFactor, debounceQuiet, debounceMax, trustDomain, ca,
        KafkaClientSettings.NONE, Optional.empty(), DEFAULT_STANDBY_REPLICAS, GroupSessionTimeout.DEFAULT);
  }

  /**
   * One broker's worth of defaults: prefix {@value #DEFAULT_APPLICATION_ID_PREFIX}, replication 1, Istio's debounce
   * (100 ms, 10 s), Istio's trust domain {@value WorkloadIdentity#DEFAULT_TRUST_DOMAIN}, dynamic membership, one
   * standby replica (none is placed while only one instance runs).
   */
  public static EngineConfig defaults(String bootstrap, Topics topics, Path stateDir) {
    return new EngineConfig(bootstrap, topics, DEFAULT_APPLICATION_ID_PREFIX, stateDir, 1,
        Debounce.ISTIO.quiet(), Debounce.ISTIO.max(), WorkloadIdentity.DEFAULT_TRUST_DOMAIN, Optional.empty(),
        KafkaClientSettings.NONE, Optional.empty(), DEFAULT_STANDBY_REPLICAS, GroupSessionTimeout.DEFAULT);
  }

  public EngineConfig withApplicationIdPrefix(String prefix) {
    return new EngineConfig(bootstrap, topics, prefix, stateDir, replicationFactor, debounceQuiet, debounceMax, trustDomain, ca,
        kafkaClient, instanceId, standbyReplicas, sessionTimeout);
  }

  public EngineConfig withReplicationFactor(int factor) {
    return new EngineConfig(bootstrap, topics, applicationIdPrefix, stateDir, factor, debounceQuiet, debounceMax, trustDomain, ca,
        kafkaClient, instanceId, standbyReplicas, sessionTimeout);
  }

  public EngineConfig withDebounce(Debounce debounce) {
    return new EngineConfig(bootstrap, topics, applicationIdPrefix, stateDir, replicationFactor, debounce.quiet(), debounce.max(),
        trustDomain, ca, kafkaClient, instanceId, standbyReplicas, sessionTimeout);
  }

  /** The trust domain, for the snapshots and for the CA when there is one. */
  public EngineConfig withTrustDomain(String domain) {
    return new EngineConfig(bootstrap, topics, applicationIdPrefix, stateDir, replicationFactor, debounceQuiet, debounceMax, domain,
        ca.map(c -> c.withTrustDomain(domain)), kafkaClient, instanceId, standbyReplicas, sessionTimeout);
  }

  /** Runs the mesh CA signer as a fourth app, {@code <prefix>-ca}, in this engine's trust domain. */
  public EngineConfig withCa(CaConfig caConfig) {
    return new EngineConfig(bootstrap, topics, applicationIdPrefix, stateDir, replicationFactor, debounceQuiet, debounceMax,
        trustDomain, Optional.of(caConfig.withTrustDomain(trustDomain)), kafkaClient, instanceId, standbyReplicas, sessionTimeout);
  }

  /** Static membership: this instance's {@code group.instance.id} in every app's group (the pod name on Kubernetes). */
  public EngineConfig withInstanceId(String id) {
    return new EngineConfig(bootstrap, topics, applicationIdPrefix, stateDir, replicationFactor, debounceQuiet, debounceMax,
        trustDomain, ca, kafkaClient, Optional.of(id), standbyReplicas, sessionTimeout);
  }

  public EngineConfig withStandbyReplicas(int replicas) {
    return new EngineConfig(bootstrap, topics, applicationIdPrefix, stateDir, replicationFactor, debounceQuiet, debounceMax,
        trustDomain, ca, kafkaClient, instanceId, replicas, sessionTimeout);
  }

  /** How long the apps' groups wait for a silent instance (a crash) before moving its tasks to the others. */
  public EngineConfig withSessionTimeout(Duration timeout) {
    return new EngineConfig(bootstrap, topics, applicationIdPrefix, stateDir, replicationFactor, debounceQuiet, debounceMax,
        trustDomain, ca, kafkaClient, instanceId, standbyReplicas, timeout);
  }

  /** Logs every client of the engine in with these settings (a {@code --kafka-config} file). */
  public EngineConfig withKafkaClient(KafkaClientSettings settings) {
    return new EngineConfig(bootstrap, topics, applicationIdPrefix, stateDir, replicationFactor, debounceQuiet, debounceMax,
        trustDomain, ca, settings, instanceId, standbyReplicas, sessionTimeout);
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
