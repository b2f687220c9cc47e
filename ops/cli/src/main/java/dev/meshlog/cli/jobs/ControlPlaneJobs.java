package dev.meshlog.cli.jobs;

import dev.meshlog.engine.EngineConfig;
import dev.meshlog.engine.PolicyEngine;
import dev.meshlog.engine.ca.signer.CaConfig;
import dev.meshlog.engine.snapshot.Debounce;
import dev.meshlog.schemas.Topics;
import dev.meshlog.telemetry.PipelineConfig;
import dev.meshlog.telemetry.TelemetryPipeline;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The two Streams jobs of the control plane, configured one way whether {@code meshlog up} runs them
 * together beside an embedded broker or {@code meshlog engine} and {@code meshlog pipeline} run them
 * alone (one pod each on Kubernetes).
 */
public final class ControlPlaneJobs {

  /** How long a job may take to reach RUNNING: restoring state on a slow, shared machine. */
  public static final Duration START_TIMEOUT = Duration.ofSeconds(120);

  private ControlPlaneJobs() {}

  /**
   * The policy engine with its mesh CA, signing in the CA's trust domain; not yet awaited. {@code namePrefix}
   * (the topic prefix) also prefixes the Streams application ids: a second mesh on one cluster has its own groups.
   */
  public static PolicyEngine startEngine(String bootstrap, Topics topics, String namePrefix, Path stateDir,
      short replicationFactor, Debounce debounce, CaConfig ca) {
    return startEngine(bootstrap, topics, namePrefix, stateDir, replicationFactor, debounce, ca, Membership.DEFAULT);
  }

  /**
   * One instance of the engine among several: same application ids (same topic prefix), its own state directory and,
   * with static membership, its own instance id.
   */
  public static PolicyEngine startEngine(String bootstrap, Topics topics, String namePrefix, Path stateDir,
      short replicationFactor, Debounce debounce, CaConfig ca, Membership membership) {
    EngineConfig config = EngineConfig.defaults(bootstrap, topics, stateDir).withReplicationFactor(replicationFactor)
        .withApplicationIdPrefix(namePrefix + EngineConfig.DEFAULT_APPLICATION_ID_PREFIX)
        .withDebounce(debounce).withTrustDomain(ca.trustDomain()).withCa(ca)
        .withStandbyReplicas(membership.standbyReplicas());
    return PolicyEngine.start(membership.instanceId().map(config::withInstanceId).orElse(config));
  }

  /** The telemetry pipeline (windowed metrics; its stores answer /metrics); not yet awaited. */
  public static TelemetryPipeline startPipeline(String bootstrap, Topics topics, String namePrefix, Path stateDir,
      short replicationFactor) {
    return startPipeline(bootstrap, topics, namePrefix, stateDir, replicationFactor, Membership.DEFAULT);
  }

  /** One instance of the pipeline among several (see {@link #startEngine(String, Topics, String, Path, short, Debounce, CaConfig, Membership)}). */
  public static TelemetryPipeline startPipeline(String bootstrap, Topics topics, String namePrefix, Path stateDir,
      short replicationFactor, Membership membership) {
    PipelineConfig config = PipelineConfig.defaults(bootstrap, topics, stateDir).withReplicationFactor(replicationFactor)
        .withApplicationId(namePrefix + PipelineConfig.DEFAULT_APPLICATION_ID).withStandbyReplicas(membership.standbyReplicas());
    return TelemetryPipeline.start(membership.instanceId().map(config::withInstanceId).orElse(config));
  }
}
