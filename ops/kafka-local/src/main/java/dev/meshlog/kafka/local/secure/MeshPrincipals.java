package dev.meshlog.kafka.local.secure;

import java.util.Objects;
import java.util.stream.Stream;

/**
 * Who is who in a secure Meshlog: the SCRAM user name of each job, and the names those jobs give
 * their Kafka groups and transactions (which ACLs must match by prefix).
 *
 * @param engine the policy engine (sequencer, snapshot builder, status, CA signer)
 * @param ingest the Kubernetes informers and the publishing HTTP API
 * @param cli the {@code meshlog} CLI of an operator
 * @param pipeline the telemetry pipeline
 * @param proxyPrefix a proxy {@code id} logs in as {@code <proxyPrefix><id>}: one principal per proxy
 * @param engineApplicationIdPrefix {@code EngineConfig.applicationIdPrefix}: the engine's Streams apps are
 *     {@code <prefix>-sequencer|snapshots|status}; its groups, internal topics and transactional ids all
 *     start with {@code <prefix>-}, and so must any plain consumer group or transactional id of the CA signer
 * @param pipelineApplicationId {@code PipelineConfig.applicationId}
 * @param publisherTransactionalIdPrefix {@code PolicyPublisher}'s transactional ids ({@code meshlog-ingest-<uuid>}),
 *     used by both ingest and the CLI
 */
public record MeshPrincipals(
    String engine, String ingest, String cli, String pipeline, String proxyPrefix,
    String engineApplicationIdPrefix, String pipelineApplicationId, String publisherTransactionalIdPrefix) {

  public MeshPrincipals {
    Stream.of(engine, ingest, cli, pipeline, proxyPrefix, engineApplicationIdPrefix, pipelineApplicationId,
        publisherTransactionalIdPrefix).forEach(Objects::requireNonNull);
    if (Stream.of(engine, ingest, cli, pipeline, engineApplicationIdPrefix, pipelineApplicationId,
        publisherTransactionalIdPrefix).anyMatch(String::isBlank)) {
      throw new IllegalArgumentException("principal names and application ids must not be blank");
    }
  }

  /** The names the jobs use out of the box (EngineConfig, PipelineConfig and PolicyPublisher defaults). */
  public static MeshPrincipals defaults() {
    return new MeshPrincipals("meshlog-engine", "meshlog-ingest", "meshlog-cli", "meshlog-pipeline", "proxy-",
        "meshlog-engine", "meshlog-telemetry", "meshlog-ingest-");
  }

  /** The same principals for an engine and pipeline running under other application ids (tests, a second mesh). */
  public MeshPrincipals withApplicationIds(String engineApplicationIdPrefix, String pipelineApplicationId) {
    return new MeshPrincipals(engine, ingest, cli, pipeline, proxyPrefix, engineApplicationIdPrefix, pipelineApplicationId,
        publisherTransactionalIdPrefix);
  }

  /** The SCRAM user name of proxy {@code proxyId}. */
  public String proxy(String proxyId) {
    if (proxyId == null || proxyId.isBlank()) {
      throw new IllegalArgumentException("proxy id must not be blank");
    }
    return proxyPrefix + proxyId;
  }
}
