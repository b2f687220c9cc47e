package dev.meshlog.cli.jobs;

import dev.meshlog.engine.EngineConfig;
import dev.meshlog.engine.PolicyEngine;
import dev.meshlog.telemetry.PipelineConfig;
import dev.meshlog.telemetry.TelemetryPipeline;
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
   * The policy engine with its mesh CA, signing in the CA's trust domain; not yet awaited. Instances started with the
   * same {@code namePrefix} share the Streams groups; each needs its own state directory.
   */
  public static PolicyEngine startEngine(EngineOptions options) {
    EngineConfig config = EngineConfig.defaults(options.bootstrap(), options.topics(), options.stateDir())
        .withReplicationFactor(options.replicationFactor())
        .withApplicationIdPrefix(options.namePrefix() + EngineConfig.DEFAULT_APPLICATION_ID_PREFIX)
        .withDebounce(options.debounce()).withTrustDomain(options.ca().trustDomain()).withCa(options.ca())
        .withKafkaClient(options.client()).withStandbyReplicas(options.membership().standbyReplicas())
        .withSessionTimeout(options.membership().sessionTimeout());
    return PolicyEngine.start(options.membership().instanceId().map(config::withInstanceId).orElse(config));
  }

  /** The telemetry pipeline (windowed metrics; its stores answer /metrics); not yet awaited. */
  public static TelemetryPipeline startPipeline(PipelineOptions options) {
    PipelineConfig config = PipelineConfig.defaults(options.bootstrap(), options.topics(), options.stateDir())
        .withReplicationFactor(options.replicationFactor())
        .withApplicationId(options.namePrefix() + PipelineConfig.DEFAULT_APPLICATION_ID).withKafkaClient(options.client())
        .withStandbyReplicas(options.membership().standbyReplicas()).withSessionTimeout(options.membership().sessionTimeout());
    return TelemetryPipeline.start(options.membership().instanceId().map(config::withInstanceId).orElse(config));
  }
}
