package dev.meshlog.engine.status;

import dev.meshlog.avro.ClusterEvent;
import dev.meshlog.avro.PolicyRollout;
import dev.meshlog.avro.ProxyAck;
import dev.meshlog.avro.ProxySnapshot;
import dev.meshlog.avro.ProxyStatus;
import dev.meshlog.schemas.TopicSpec;
import dev.meshlog.schemas.Topics;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The status job: what the engine sent (mesh.proxy.snapshots), what proxies answered
 * (mesh.proxy.acks) and which proxies exist (mesh.cluster.events) in; each proxy's sync status
 * (mesh.proxy.status, by proxy id) and each subject's rollout (mesh.policy.rollout, by subject) out.
 *
 * <p>Why one task: a rollout gathers the answers of every proxy a change reached, so it needs all
 * proxies' inputs, while the inputs are keyed by proxy id (or, for cluster events, by workload) and
 * snapshots and acks may have any partition count. Each input is therefore repartitioned, keyed by
 * proxy id, through its own one-partition internal topic; three one-partition topics are
 * co-partitioned, so one task holds both stores and an ACK updates the proxy's status and its
 * rollouts in one transaction, with no second hop keyed by subject. The volume is one snapshot and
 * one answer per affected proxy per change, which one task folds easily (the sequencer makes the same
 * trade). Scaling out would split this into a per-proxy stage emitting per-subject progress records
 * repartitioned by subject; the stores' names would stay.
 *
 * <p>Names of the internal topics and stores are fixed, so a rolling upgrade keeps their state.
 */
public final class StatusTopology {

  public static final String SNAPSHOTS_SOURCE = "status-snapshots-source";
  public static final String ACKS_SOURCE = "status-acks-source";
  public static final String CLUSTER_SOURCE = "status-cluster-source";
  /** Repartition topics {@code <app>-<name>-repartition}, one partition each, keyed by proxy id. */
  public static final String SNAPSHOTS_BY_PROXY = "status-snapshots-by-proxy";
  public static final String ACKS_BY_PROXY = "status-acks-by-proxy";
  public static final String REGISTRATIONS_BY_PROXY = "status-registrations-by-proxy";
  public static final String PROCESSOR = "status";
  /** Per proxy id: {@link ProxyState}. */
  public static final String PROXIES_STORE = "status-proxies";
  /** Per subject: the {@link Rollout} of its newest change. */
  public static final String ROLLOUTS_STORE = "status-rollouts";
  /** Per subject: the last rollout record written, the cache that coalesces rollout output per commit. */
  public static final String ROLLOUTS_OUT_STORE = "status-rollouts-out";

  private StatusTopology() {}

  public static Topology build(Topics topics) {
    TopicSpec<String, ProxySnapshot> snapshots = topics.proxySnapshots();
    TopicSpec<String, ProxyAck> acks = topics.proxyAcks();
    TopicSpec<String, ClusterEvent> cluster = topics.clusterEvents();
    TopicSpec<String, ProxyStatus> status = topics.proxyStatus();
    TopicSpec<String, PolicyRollout> rollout = topics.policyRollout();

    StreamsBuilder builder = new StreamsBuilder();
    builder.addStateStore(Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(PROXIES_STORE), Serdes.String(), JsonStoreSerde.of(ProxyState.class)));
    builder.addStateStore(Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(ROLLOUTS_STORE), Serdes.String(), JsonStoreSerde.of(Rollout.class)));

    // tombstones are kept: a null snapshot is the proxy withdrawn
    KStream<String, ProxyInput> sent = builder
        .stream(snapshots.name(), Consumed.with(snapshots.keySerde(), snapshots.valueSerde()).withName(SNAPSHOTS_SOURCE))
        .mapValues(StatusWire::slim, Named.as("status-snapshot-slim"))
        .repartition(Repartitioned.with(snapshots.keySerde(), snapshots.valueSerde()).withName(SNAPSHOTS_BY_PROXY).withNumberOfPartitions(1))
        .mapValues(StatusWire::of, Named.as("status-snapshot-input"));
    KStream<String, ProxyInput> answered = builder
        .stream(acks.name(), Consumed.with(acks.keySerde(), acks.valueSerde()).withName(ACKS_SOURCE))
        .filter((proxyId, ack) -> ack != null, Named.as("status-acks-not-empty"))
        .repartition(Repartitioned.with(acks.keySerde(), acks.valueSerde()).withName(ACKS_BY_PROXY).withNumberOfPartitions(1))
        .mapValues(StatusWire::of, Named.as("status-ack-input"));
    // a workload tombstone has no proxy id to name; the snapshot tombstone that follows it withdraws the proxy
    KStream<String, ProxyInput> registered = builder
        .stream(cluster.name(), Consumed.with(cluster.keySerde(), cluster.valueSerde()).withName(CLUSTER_SOURCE))
        .flatMap((subject, event) -> event == null ? List.<KeyValue<String, ClusterEvent>>of()
            : StatusWire.proxyId(event).map(id -> List.of(KeyValue.pair(id, event))).orElse(List.of()),
            Named.as("status-cluster-by-proxy-id"))
        .repartition(Repartitioned.with(cluster.keySerde(), cluster.valueSerde()).withName(REGISTRATIONS_BY_PROXY).withNumberOfPartitions(1))
        .mapValues(StatusWire::of, Named.as("status-registration-input"));

    sent.merge(answered, Named.as("status-merge-answers"))
        .merge(registered, Named.as("status-merge-registrations"))
        .process(StatusProcessor::new, Named.as(PROCESSOR), PROXIES_STORE, ROLLOUTS_STORE)
        .split(Named.as("status-output-"))
        // An ACK moves every rollout pending for that proxy, so a burst rewrites one subject's rollout
        // many times a second. A cached table keeps the newest per subject and emits it when the
        // transaction commits: the same records a reader would end with, a fraction of the writes.
        .branch((key, change) -> change instanceof StatusChange.RolloutChanged, Branched.withConsumer(s -> s
            .mapValues(change -> ((StatusChange.RolloutChanged) change).rollout(), Named.as("status-as-rollout"))
            .toTable(Named.as("status-rollout-table"), Materialized.<String, PolicyRollout, KeyValueStore<Bytes, byte[]>>as(ROLLOUTS_OUT_STORE)
                .withKeySerde(rollout.keySerde()).withValueSerde(rollout.valueSerde()).withCachingEnabled())
            .toStream(Named.as("status-rollout-changes"))
            .to(rollout.name(), Produced.with(rollout.keySerde(), rollout.valueSerde()).withName("status-rollout-sink")), "rollout"))
        .defaultBranch(Branched.withConsumer(s -> s
            .mapValues(change -> change instanceof StatusChange.ProxyChanged p ? p.status() : null, Named.as("status-as-proxy-status"))
            .to(status.name(), Produced.with(status.keySerde(), status.valueSerde()).withName("status-proxy-sink")), "proxy"));
    return builder.build();
  }
}
