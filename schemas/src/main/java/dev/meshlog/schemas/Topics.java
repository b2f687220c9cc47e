package dev.meshlog.schemas;

import dev.meshlog.avro.ClusterEvent;
import dev.meshlog.avro.PolicyCommand;
import dev.meshlog.avro.PolicyEvent;
import dev.meshlog.avro.PolicyStatus;
import dev.meshlog.avro.ProxyAck;
import dev.meshlog.avro.ProxySnapshot;
import dev.meshlog.avro.RequestMetric;
import dev.meshlog.avro.RequestTelemetry;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;

/** The topic registry (DESIGN.md, "Topics"). Partitions and replication factor are deployment config. */
public final class Topics {

  private static final String DAY_MS = "86400000";
  private static final Map<String, String> FOREVER = Map.of("cleanup.policy", "delete", "retention.ms", "-1");
  private static final Map<String, String> COMPACTED = Map.of("cleanup.policy", "compact");

  public static final TopicSpec<String, PolicyCommand> POLICY_COMMANDS = new TopicSpec<>(
      "mesh.policy.commands", Serdes.String(), new AvroSerde<>(PolicyCommand.class),
      Map.of("cleanup.policy", "delete", "retention.ms", String.valueOf(7 * 86_400_000L)));

  public static final TopicSpec<String, PolicyEvent> POLICY_EVENTS = new TopicSpec<>(
      "mesh.policy.events", Serdes.String(), new AvroSerde<>(PolicyEvent.class), FOREVER);

  public static final TopicSpec<String, PolicyStatus> POLICY_STATUS = new TopicSpec<>(
      "mesh.policy.status", Serdes.String(), new AvroSerde<>(PolicyStatus.class), COMPACTED);

  public static final TopicSpec<String, ClusterEvent> CLUSTER_EVENTS = new TopicSpec<>(
      "mesh.cluster.events", Serdes.String(), new AvroSerde<>(ClusterEvent.class), FOREVER);

  public static final TopicSpec<String, ProxySnapshot> PROXY_SNAPSHOTS = new TopicSpec<>(
      "mesh.proxy.snapshots", Serdes.String(), new AvroSerde<>(ProxySnapshot.class), COMPACTED);

  public static final TopicSpec<String, ProxyAck> PROXY_ACKS = new TopicSpec<>(
      "mesh.proxy.acks", Serdes.String(), new AvroSerde<>(ProxyAck.class),
      Map.of("cleanup.policy", "delete", "retention.ms", String.valueOf(7 * 86_400_000L)));

  public static final TopicSpec<String, RequestTelemetry> TELEMETRY_REQUESTS = new TopicSpec<>(
      "mesh.telemetry.requests", Serdes.String(), new AvroSerde<>(RequestTelemetry.class),
      Map.of("cleanup.policy", "delete", "retention.ms", DAY_MS));

  public static final TopicSpec<String, RequestMetric> TELEMETRY_METRICS = new TopicSpec<>(
      "mesh.telemetry.metrics", Serdes.String(), new AvroSerde<>(RequestMetric.class),
      Map.of("cleanup.policy", "compact,delete", "retention.ms", String.valueOf(7 * 86_400_000L)));

  /** Every topic Meshlog owns, in data-flow order. */
  public static final List<TopicSpec<?, ?>> ALL = List.of(
      POLICY_COMMANDS, POLICY_EVENTS, POLICY_STATUS, CLUSTER_EVENTS,
      PROXY_SNAPSHOTS, PROXY_ACKS, TELEMETRY_REQUESTS, TELEMETRY_METRICS);

  private Topics() {}
}
