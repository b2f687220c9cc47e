package dev.meshlog.engine.snapshot;

import dev.meshlog.avro.ClusterEvent;
import dev.meshlog.avro.MeshTrustBundle;
import dev.meshlog.avro.PolicyEvent;
import dev.meshlog.avro.ProxySnapshot;
import dev.meshlog.avro.SnapshotCause;
import dev.meshlog.schemas.AvroSerde;
import dev.meshlog.schemas.TopicSpec;
import dev.meshlog.schemas.Topics;
import org.apache.kafka.common.serialization.Serdes;
import java.util.function.LongSupplier;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The snapshot builder job: accepted policy events, cluster events and the CA's trust bundles in, one versioned snapshot per
 * registered proxy out (compacted by proxy id), each holding only what its proxy needs. Built with the Processor API because both inputs
 * must meet in one processor, with its stores and a wall-clock punctuator for the debounce (the DSL's
 * {@code suppress} only moves on stream time).
 *
 * <p>The trust bundle topic is folded like the others (its offsets count in the version), so a root
 * rotation re-publishes every proxy's snapshot at a version a replay reaches again; bundles of other
 * trust domains only advance the position.
 *
 * <p>All input topics must have one partition: a snapshot's version is the sum of the source
 * offsets folded, which is only a total, deterministic position when one task reads every event.
 */
public final class SnapshotTopology {

  public static final String POLICY_SOURCE = "snapshots-policy-events-source";
  public static final String CLUSTER_SOURCE = "snapshots-cluster-events-source";
  public static final String TRUST_BUNDLE_SOURCE = "snapshots-ca-bundle-source";
  public static final String PROCESSOR = "snapshot-builder";
  public static final String SINK = "snapshots-sink";

  /** Accepted policies by subject (the last PolicyEvent of each). */
  public static final String POLICIES_STORE = "snapshot-policies";
  /** Per VirtualService and DestinationRule subject: the chain sequence that created it (Istio's oldest-wins order). */
  public static final String CREATED_STORE = "snapshot-policy-created";
  /** Workloads and services by key (the last ClusterEvent of each). */
  public static final String CLUSTER_STORE = "snapshot-cluster";
  /**
   * Per proxy: the last computed snapshot (published or pending) as a marker, its hash, version and source offsets without
   * the content (see {@link PendingSnapshots}); whole only if it is pending and a later assembly was rejected.
   */
  public static final String COMPUTED_STORE = "snapshot-computed";
  /** Per proxy: the hash last published, so an unchanged hash is never sent twice. */
  public static final String PUBLISHED_STORE = "snapshot-published";
  /** Per proxy and version: the causes of its pending snapshot, dropped when it is pushed. */
  public static final String PENDING_CAUSES_STORE = "snapshot-pending-causes";
  /** Per source topic-partition: the last offset folded. */
  public static final String POSITIONS_STORE = "snapshot-positions";
  /** The latest trust bundle of the engine's trust domain (at most one entry, by its mesh-state key). */
  public static final String TRUST_BUNDLE_STORE = "snapshot-trust-bundle";

  private SnapshotTopology() {}

  /** In the default trust domain, {@value WorkloadIdentity#DEFAULT_TRUST_DOMAIN}. */
  public static Topology build(Topics topics, Debounce debounce) {
    return build(topics, debounce, WorkloadIdentity.DEFAULT_TRUST_DOMAIN);
  }

  /** Snapshots for the proxies of {@code trustDomain}: their endpoint identities and the roots they trust are that domain's. */
  public static Topology build(Topics topics, Debounce debounce, String trustDomain) {
    return build(topics, debounce, trustDomain, System::nanoTime);
  }

  /**
   * The same, with the clock that measures how long folding an input takes (the debounce's quiet period starts once it
   * is done). A {@code TopologyTestDriver}, whose wall clock moves only when told, passes one that stands still.
   */
  public static Topology build(Topics topics, Debounce debounce, String trustDomain, LongSupplier nanoTime) {
    WorkloadIdentity.requireTrustDomain(trustDomain);
    TopicSpec<String, PolicyEvent> policies = topics.policyEvents();
    TopicSpec<String, ClusterEvent> cluster = topics.clusterEvents();
    TopicSpec<String, MeshTrustBundle> bundles = topics.caBundle();
    TopicSpec<String, ProxySnapshot> snapshots = topics.proxySnapshots();

    Topology topology = new Topology();
    topology.addSource(POLICY_SOURCE, policies.keySerde().deserializer(), policies.valueSerde().deserializer(), policies.name());
    topology.addSource(CLUSTER_SOURCE, cluster.keySerde().deserializer(), cluster.valueSerde().deserializer(), cluster.name());
    topology.addSource(TRUST_BUNDLE_SOURCE, bundles.keySerde().deserializer(), bundles.valueSerde().deserializer(), bundles.name());
    topology.addProcessor(PROCESSOR, () -> new SnapshotProcessor(debounce, trustDomain, bundles.name(), nanoTime),
        POLICY_SOURCE, CLUSTER_SOURCE, TRUST_BUNDLE_SOURCE);
    topology.addStateStore(Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(POLICIES_STORE), Serdes.String(), policies.valueSerde()), PROCESSOR);
    topology.addStateStore(Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(CREATED_STORE), Serdes.String(), Serdes.Long()), PROCESSOR);
    topology.addStateStore(Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(CLUSTER_STORE), Serdes.String(), cluster.valueSerde()), PROCESSOR);
    topology.addStateStore(Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(COMPUTED_STORE), Serdes.String(), snapshots.valueSerde()), PROCESSOR);
    topology.addStateStore(Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(PENDING_CAUSES_STORE), Serdes.String(), new AvroSerde<>(SnapshotCause.class)), PROCESSOR);
    topology.addStateStore(Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(PUBLISHED_STORE), Serdes.String(), Serdes.String()), PROCESSOR);
    topology.addStateStore(Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(POSITIONS_STORE), Serdes.String(), Serdes.Long()), PROCESSOR);
    topology.addStateStore(Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(TRUST_BUNDLE_STORE), Serdes.String(), bundles.valueSerde()), PROCESSOR);
    topology.addSink(SINK, snapshots.name(), snapshots.keySerde().serializer(), snapshots.valueSerde().serializer(), PROCESSOR);
    return topology;
  }
}
