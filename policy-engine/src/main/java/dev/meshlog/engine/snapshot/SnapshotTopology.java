package dev.meshlog.engine.snapshot;

import dev.meshlog.avro.ClusterEvent;
import dev.meshlog.avro.PolicyEvent;
import dev.meshlog.avro.ProxySnapshot;
import dev.meshlog.schemas.TopicSpec;
import dev.meshlog.schemas.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The snapshot builder job: accepted policy events and cluster events in, one versioned snapshot per
 * registered proxy out (compacted by proxy id), each holding only what its proxy needs. Built with the Processor API because both inputs
 * must meet in one processor, with its stores and a wall-clock punctuator for the debounce (the DSL's
 * {@code suppress} only moves on stream time).
 *
 * <p>Both input topics must have one partition: a snapshot's version is the sum of the source
 * offsets folded, which is only a total, deterministic position when one task reads every event.
 */
public final class SnapshotTopology {

  public static final String POLICY_SOURCE = "snapshots-policy-events-source";
  public static final String CLUSTER_SOURCE = "snapshots-cluster-events-source";
  public static final String PROCESSOR = "snapshot-builder";
  public static final String SINK = "snapshots-sink";

  /** Accepted policies by subject (the last PolicyEvent of each). */
  public static final String POLICIES_STORE = "snapshot-policies";
  /** Per VirtualService and DestinationRule subject: the chain sequence that created it (Istio's oldest-wins order). */
  public static final String CREATED_STORE = "snapshot-policy-created";
  /** Workloads and services by key (the last ClusterEvent of each). */
  public static final String CLUSTER_STORE = "snapshot-cluster";
  /** Per proxy: the last computed snapshot (published or pending). */
  public static final String COMPUTED_STORE = "snapshot-computed";
  /** Per proxy: the hash last published, so an unchanged hash is never sent twice. */
  public static final String PUBLISHED_STORE = "snapshot-published";
  /** Per source topic-partition: the last offset folded. */
  public static final String POSITIONS_STORE = "snapshot-positions";

  private SnapshotTopology() {}

  public static Topology build(Topics topics, Debounce debounce) {
    TopicSpec<String, PolicyEvent> policies = topics.policyEvents();
    TopicSpec<String, ClusterEvent> cluster = topics.clusterEvents();
    TopicSpec<String, ProxySnapshot> snapshots = topics.proxySnapshots();

    Topology topology = new Topology();
    topology.addSource(POLICY_SOURCE, policies.keySerde().deserializer(), policies.valueSerde().deserializer(), policies.name());
    topology.addSource(CLUSTER_SOURCE, cluster.keySerde().deserializer(), cluster.valueSerde().deserializer(), cluster.name());
    topology.addProcessor(PROCESSOR, () -> new SnapshotProcessor(debounce), POLICY_SOURCE, CLUSTER_SOURCE);
    topology.addStateStore(Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(POLICIES_STORE), Serdes.String(), policies.valueSerde()), PROCESSOR);
    topology.addStateStore(Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(CREATED_STORE), Serdes.String(), Serdes.Long()), PROCESSOR);
    topology.addStateStore(Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(CLUSTER_STORE), Serdes.String(), cluster.valueSerde()), PROCESSOR);
    topology.addStateStore(Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(COMPUTED_STORE), Serdes.String(), snapshots.valueSerde()), PROCESSOR);
    topology.addStateStore(Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(PUBLISHED_STORE), Serdes.String(), Serdes.String()), PROCESSOR);
    topology.addStateStore(Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(POSITIONS_STORE), Serdes.String(), Serdes.Long()), PROCESSOR);
    topology.addSink(SINK, snapshots.name(), snapshots.keySerde().serializer(), snapshots.valueSerde().serializer(), PROCESSOR);
    return topology;
  }
}
