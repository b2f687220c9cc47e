package dev.meshlog.engine.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meshlog.avro.ClusterEvent;
import dev.meshlog.avro.MeshTrustBundle;
import dev.meshlog.avro.PolicyEvent;
import dev.meshlog.avro.ProxySnapshot;
import dev.meshlog.avro.SnapshotCause;
import dev.meshlog.engine.wire.MeshChanges;
import dev.meshlog.engine.wire.SnapshotWire;
import dev.meshlog.schemas.AvroSerde;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The fold's promises over generated histories: recomputing only the proxies an event reaches gives
 * what recomputing every proxy gives, after every event; and the builder's result does not depend on
 * where restarts split the log.
 */
class MeshFoldPropertiesTest {

  private static final AvroSerde<ProxySnapshot> SNAPSHOTS = new AvroSerde<>(ProxySnapshot.class);
  private static final String POLICY_TOPIC = "policy";
  private static final String CLUSTER_TOPIC = "cluster";
  private static final String BUNDLE_TOPIC = "bundle";

  @Provide
  Arbitrary<List<MeshHistories.Input>> histories() {
    return MeshHistories.histories();
  }

  @Property(tries = 80)
  void incrementalFoldEqualsFullRecomputationAfterEveryEvent(@ForAll("histories") List<MeshHistories.Input> history) {
    MeshFold fold = MeshFold.restore(MeshState.EMPTY);
    SortedMap<String, Assembly> incremental = new TreeMap<>();
    int step = 0;
    for (Object event : MeshHistories.events(history)) {
      step++;
      MeshFold.Step result = fold.apply(change(event));
      incremental.putAll(result.assemblies());
      result.removed().forEach(incremental::remove);
      SortedMap<String, Assembly> full = SnapshotAssembler.assembleAll(fold.state());
      // equal configs and equal dependency keys: the index an incremental fold keeps is the one a restart derives
      assertEquals(full, incremental, "after event " + step + " of " + history);
    }
  }

  @Property(tries = 50)
  void foldedSnapshotsDoNotDependOnWhereARestartSplitsTheLog(@ForAll("histories") List<MeshHistories.Input> history,
      @ForAll @IntRange(min = 0, max = 30) int split) {
    List<Object> events = MeshHistories.events(history);
    int at = Math.min(split, events.size());

    Builder once = new Builder();
    once.start();
    events.forEach(once::process);
    once.push();

    Builder restarted = new Builder();
    restarted.start();
    events.subList(0, at).forEach(restarted::process);
    restarted.start(); // a new processor on the same stores, as after a crash or a rebalance
    events.subList(at, events.size()).forEach(restarted::process);
    restarted.push();

    assertEquals(once.computed(), restarted.computed(), "computed snapshots (content and version) of " + history);
    assertEquals(once.published, restarted.published, "published snapshots of " + history);
  }

  @Property(tries = 30)
  void foldingTheSameLogTwiceGivesIdenticalBytesCausesIncluded(@ForAll("histories") List<MeshHistories.Input> history) {
    List<Object> events = MeshHistories.events(history);
    Builder first = new Builder();
    Builder second = new Builder();
    for (Builder builder : List.of(first, second)) {
      builder.start();
      events.forEach(builder::process);
      builder.push();
    }

    assertEquals(first.publishedWithCauses, second.publishedWithCauses, "published bytes of " + history);
  }

  private static MeshChange change(Object event) {
    if (event instanceof MeshTrustBundle bundle) {
      return MeshChanges.of(bundle); // a foreign domain's: MeshState leaves it out, as the builder does before it
    }
    if (event instanceof MeshHistories.BundleRemoved removed) {
      return new MeshChange.Remove(TrustRoots.key(removed.trustDomain()));
    }
    return event instanceof PolicyEvent p ? MeshChanges.of(p).orElseThrow() : MeshChanges.of((ClusterEvent) event);
  }

  /** A snapshot processor on in-memory stores that outlive it, fed with record metadata as a task would. */
  private static final class Builder {
    private final List<KeyValueStore<String, ?>> stores = List.of(
        store(SnapshotTopology.POLICIES_STORE, new AvroSerde<>(PolicyEvent.class)), store(SnapshotTopology.CREATED_STORE, Serdes.Long()),
        store(SnapshotTopology.CLUSTER_STORE, new AvroSerde<>(ClusterEvent.class)), store(SnapshotTopology.COMPUTED_STORE, SNAPSHOTS),
        store(SnapshotTopology.PUBLISHED_STORE, Serdes.String()), store(SnapshotTopology.POSITIONS_STORE, Serdes.Long()),
        store(SnapshotTopology.TRUST_BUNDLE_STORE, new AvroSerde<>(MeshTrustBundle.class)),
        store(SnapshotTopology.PENDING_CAUSES_STORE, new AvroSerde<>(SnapshotCause.class)));
    private MockProcessorContext<String, ProxySnapshot> context;
    private SnapshotProcessor processor;
    private long policyOffset;
    private long clusterOffset;
    private long bundleOffset;
    private long now = 1_000;
    /** Latest published per proxy, without causes (they record push timing, which restarts change by design). */
    final Map<String, String> published = new TreeMap<>();
    /** Every record forwarded, in order, exactly as encoded. */
    final List<String> publishedWithCauses = new java.util.ArrayList<>();

    private static <V> KeyValueStore<String, V> store(String name, Serde<V> values) {
      return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(), values).withLoggingDisabled().build();
    }

    void start() {
      boolean first = context == null;
      if (processor != null) {
        processor.close();
      }
      context = new MockProcessorContext<>();
      context.setCurrentSystemTimeMs(now);
      for (KeyValueStore<String, ?> store : stores) {
        if (first) {
          store.init(context.getStateStoreContext(), store);
        }
        context.addStateStore(store);
      }
      processor = new SnapshotProcessor(SnapshotHarness.DEBOUNCE, WorkloadIdentity.DEFAULT_TRUST_DOMAIN, BUNDLE_TOPIC, () -> 0L);
      processor.init(context);
    }

    void process(Object event) {
      if (event instanceof PolicyEvent p) {
        context.setRecordMetadata(POLICY_TOPIC, 0, policyOffset++);
        processor.process(new Record<>(p.getEnvelope().getSubject(), (SpecificRecord) p, now));
      } else if (event instanceof MeshTrustBundle b) {
        context.setRecordMetadata(BUNDLE_TOPIC, 0, bundleOffset++);
        processor.process(new Record<>(b.getTrustDomain(), (SpecificRecord) b, now));
      } else if (event instanceof MeshHistories.BundleRemoved removed) {
        context.setRecordMetadata(BUNDLE_TOPIC, 0, bundleOffset++);
        processor.process(new Record<String, SpecificRecord>(removed.trustDomain(), null, now));
      } else {
        ClusterEvent c = (ClusterEvent) event;
        context.setRecordMetadata(CLUSTER_TOPIC, 0, clusterOffset++);
        processor.process(new Record<>(c.getEnvelope().getSubject(), (SpecificRecord) c, now));
      }
      now += 5;
      context.setCurrentSystemTimeMs(now);
    }

    void push() {
      now += 20_000;
      context.setCurrentSystemTimeMs(now);
      List<MockProcessorContext.CapturedPunctuator> punctuators = context.scheduledPunctuators();
      punctuators.get(punctuators.size() - 1).getPunctuator().punctuate(now);
      for (var forward : context.forwarded()) {
        Record<? extends String, ? extends ProxySnapshot> record = forward.record();
        publishedWithCauses.add(record.key() + "=" + (record.value() == null ? "null" : HexFormat.of().formatHex(SNAPSHOTS.encode(record.value()))));
        if (record.value() == null) {
          published.remove(record.key());
        } else {
          published.put(record.key(), hex(record.value()));
        }
      }
    }

    @SuppressWarnings("unchecked")
    Map<String, String> computed() {
      Map<String, String> out = new TreeMap<>();
      try (KeyValueIterator<String, ProxySnapshot> it = ((KeyValueStore<String, ProxySnapshot>) stores.get(3)).all()) {
        it.forEachRemaining(kv -> out.put(kv.key, hex(kv.value)));
      }
      return out;
    }

    private static String hex(ProxySnapshot snapshot) {
      return HexFormat.of().formatHex(SNAPSHOTS.encode(SnapshotWire.withoutCauses(snapshot)));
    }
  }
}
