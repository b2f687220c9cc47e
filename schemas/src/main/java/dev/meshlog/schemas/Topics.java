package dev.meshlog.schemas;

import dev.meshlog.avro.CertificateAudit;
import dev.meshlog.avro.CertificateRequest;
import dev.meshlog.avro.ClusterEvent;
import dev.meshlog.avro.ConnectionMetric;
import dev.meshlog.avro.ConnectionTelemetry;
import dev.meshlog.avro.MeshTrustBundle;
import dev.meshlog.avro.PolicyCheckpoint;
import dev.meshlog.avro.PolicyCommand;
import dev.meshlog.avro.PolicyEvent;
import dev.meshlog.avro.PolicyRollout;
import dev.meshlog.avro.PolicyStatus;
import dev.meshlog.avro.ProxyAck;
import dev.meshlog.avro.ProxySnapshot;
import dev.meshlog.avro.ProxyStatus;
import dev.meshlog.avro.RequestMetric;
import dev.meshlog.avro.RequestTelemetry;
import dev.meshlog.avro.WorkloadCertificate;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The topic registry (DESIGN.md, "Topics"): every topic Meshlog owns, typed. Components take a
 * {@code Topics} instance rather than reading constants, so a test (or a second mesh on the same
 * cluster) can run on its own prefixed set: {@code Topics.withPrefix("it-42.")}.
 * Partitions and replication factor are deployment config, not part of the registry.
 */
public record Topics(
    TopicSpec<String, PolicyCommand> policyCommands,
    TopicSpec<String, PolicyEvent> policyEvents,
    TopicSpec<String, PolicyStatus> policyStatus,
    TopicSpec<String, ClusterEvent> clusterEvents,
    TopicSpec<String, ProxySnapshot> proxySnapshots,
    TopicSpec<String, ProxyAck> proxyAcks,
    TopicSpec<String, ProxyStatus> proxyStatus,
    TopicSpec<String, PolicyRollout> policyRollout,
    TopicSpec<String, RequestTelemetry> telemetryRequests,
    TopicSpec<String, RequestMetric> telemetryMetrics,
    TopicSpec<String, ConnectionTelemetry> telemetryConnections,
    TopicSpec<String, ConnectionMetric> telemetryTcpMetrics,
    TopicSpec<String, CertificateRequest> caRequests,
    TopicSpec<String, WorkloadCertificate> caCertificates,
    TopicSpec<String, CertificateAudit> caAudit,
    TopicSpec<String, MeshTrustBundle> caBundle,
    TopicSpec<String, PolicyCheckpoint> policyCheckpoints,
    TopicSpec<String, PolicyEvent> policyHistory,
    TopicSpec<String, String> schemaCatalog,
    TopicSpec<byte[], byte[]> deadLetter) {

  private static final long DAY_MS = 86_400_000L;
  /** Partitions of mesh.policy.history: a resource's history reads about 1/16 of all policy events. */
  public static final int HISTORY_PARTITIONS = 16;
  private static final Map<String, String> FOREVER = Map.of("cleanup.policy", "delete", "retention.ms", "-1");
  private static final Map<String, String> COMPACTED = Map.of("cleanup.policy", "compact");

  /** The production names, {@code mesh.<domain>.<entity>}. */
  public static final Topics DEFAULT = withPrefix("");

  /** The same topics, each name prefixed. */
  public static Topics withPrefix(String prefix) {
    return new Topics(
        new TopicSpec<>(prefix + "mesh.policy.commands", Serdes.String(), new AvroSerde<>(PolicyCommand.class), retention(7 * DAY_MS)),
        new TopicSpec<>(prefix + "mesh.policy.events", Serdes.String(), new AvroSerde<>(PolicyEvent.class), FOREVER),
        new TopicSpec<>(prefix + "mesh.policy.status", Serdes.String(), new AvroSerde<>(PolicyStatus.class), COMPACTED),
        new TopicSpec<>(prefix + "mesh.cluster.events", Serdes.String(), new AvroSerde<>(ClusterEvent.class), FOREVER),
        new TopicSpec<>(prefix + "mesh.proxy.snapshots", Serdes.String(), new AvroSerde<>(ProxySnapshot.class), COMPACTED),
        new TopicSpec<>(prefix + "mesh.proxy.acks", Serdes.String(), new AvroSerde<>(ProxyAck.class), retention(7 * DAY_MS)),
        new TopicSpec<>(prefix + "mesh.proxy.status", Serdes.String(), new AvroSerde<>(ProxyStatus.class), COMPACTED),
        new TopicSpec<>(prefix + "mesh.policy.rollout", Serdes.String(), new AvroSerde<>(PolicyRollout.class), COMPACTED),
        new TopicSpec<>(prefix + "mesh.telemetry.requests", Serdes.String(), new AvroSerde<>(RequestTelemetry.class), retention(DAY_MS)),
        new TopicSpec<>(prefix + "mesh.telemetry.metrics", Serdes.String(), new AvroSerde<>(RequestMetric.class),
            Map.of("cleanup.policy", "compact,delete", "retention.ms", String.valueOf(7 * DAY_MS))),
        new TopicSpec<>(prefix + "mesh.telemetry.connections", Serdes.String(), new AvroSerde<>(ConnectionTelemetry.class), retention(DAY_MS)),
        new TopicSpec<>(prefix + "mesh.telemetry.tcp-metrics", Serdes.String(), new AvroSerde<>(ConnectionMetric.class),
            Map.of("cleanup.policy", "compact,delete", "retention.ms", String.valueOf(7 * DAY_MS))),
        new TopicSpec<>(prefix + "mesh.ca.requests", Serdes.String(), new AvroSerde<>(CertificateRequest.class), retention(7 * DAY_MS)),
        new TopicSpec<>(prefix + "mesh.ca.certificates", Serdes.String(), new AvroSerde<>(WorkloadCertificate.class), COMPACTED),
        new TopicSpec<>(prefix + "mesh.ca.audit", Serdes.String(), new AvroSerde<>(CertificateAudit.class), FOREVER),
        new TopicSpec<>(prefix + "mesh.ca.bundle", Serdes.String(), new AvroSerde<>(MeshTrustBundle.class), COMPACTED),
        new TopicSpec<>(prefix + "mesh.policy.checkpoints", Serdes.String(), new AvroSerde<>(PolicyCheckpoint.class), FOREVER),
        // The policy events again, spread by subject over many partitions: one resource's history is
        // a scan of one small partition instead of the whole chain (which must stay one ordered log).
        new TopicSpec<>(prefix + "mesh.policy.history", Serdes.String(), new AvroSerde<>(PolicyEvent.class), FOREVER,
            HISTORY_PARTITIONS),
        // The schema catalog: key = the single-object fingerprint (16 hex digits), value = the schema's JSON,
        // so any consumer can decode any topic without Meshlog's classes.
        new TopicSpec<>(prefix + "mesh.schemas", Serdes.String(), Serdes.String(), COMPACTED),
        // Records a job could not decode, as they were (original key and bytes), with headers naming
        // the source topic, partition, offset and the error.
        new TopicSpec<>(prefix + "mesh.deadletter", Serdes.ByteArray(), Serdes.ByteArray(), retention(30 * DAY_MS)));
  }

  /** Every topic, in data-flow order. */
  public List<TopicSpec<?, ?>> all() {
    return List.of(policyCommands, policyEvents, policyStatus, clusterEvents,
        proxySnapshots, proxyAcks, proxyStatus, policyRollout, telemetryRequests, telemetryMetrics, telemetryConnections, telemetryTcpMetrics,
        caRequests, caCertificates, caAudit, caBundle, policyCheckpoints, policyHistory, schemaCatalog, deadLetter);
  }

  /** The same topics with the snapshots written elsewhere: a replay beside the running engine. */
  public Topics withProxySnapshots(TopicSpec<String, ProxySnapshot> snapshots) {
    return new Topics(policyCommands, policyEvents, policyStatus, clusterEvents, snapshots, proxyAcks,
        proxyStatus, policyRollout, telemetryRequests, telemetryMetrics, telemetryConnections, telemetryTcpMetrics,
        caRequests, caCertificates, caAudit, caBundle, policyCheckpoints, policyHistory, schemaCatalog, deadLetter);
  }

  private static Map<String, String> retention(long ms) {
    return Map.of("cleanup.policy", "delete", "retention.ms", String.valueOf(ms));
  }
}
