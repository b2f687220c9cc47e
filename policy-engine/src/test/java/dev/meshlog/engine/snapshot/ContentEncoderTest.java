package dev.meshlog.engine.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.meshlog.avro.ClusterEvent;
import dev.meshlog.avro.MeshTrustBundle;
import dev.meshlog.avro.PolicyEvent;
import dev.meshlog.avro.ProxySnapshot;
import dev.meshlog.engine.wire.ContentEncoder;
import dev.meshlog.engine.wire.MeshChanges;
import dev.meshlog.engine.wire.SnapshotWire;
import dev.meshlog.schemas.AvroSerde;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The shared path the snapshot builder takes for the proxies of one event (clusters built once per state, converted
 * and encoded once per event) gives the records and content hashes of the one-proxy-at-a-time path: the hash is what
 * proxies ACK and auditors recompute, so a byte of difference would make every proxy look out of date.
 */
class ContentEncoderTest {

  private static final AvroSerde<ProxySnapshot> SNAPSHOTS = new AvroSerde<>(ProxySnapshot.class);

  @Provide
  Arbitrary<List<MeshHistories.Input>> histories() {
    return MeshHistories.histories();
  }

  @Property(tries = 60)
  void sharedConversionGivesTheRecordsAndHashesOfTheOneProxyPath(@ForAll("histories") List<MeshHistories.Input> history) {
    MeshFold fold = MeshFold.restore(MeshState.EMPTY);
    for (Object event : MeshHistories.events(history)) {
      MeshFold.Step step = fold.apply(change(event));
      ContentEncoder encoder = new ContentEncoder();
      for (Assembly assembly : step.assemblies().values()) {
        if (assembly instanceof Assembly.Built built) {
          ProxySnapshot alone = SnapshotWire.content(built.config());
          ProxySnapshot shared = encoder.content(built.config());
          assertEquals(alone, shared, "content of " + built.proxyId() + " in " + history);
          String hash = encoder.hashOf(shared);
          assertEquals(SnapshotWire.hashOf(alone), hash, "hash of " + built.proxyId() + " in " + history);
          // and what a proxy or an auditor recomputes from the record it decoded
          assertEquals(SnapshotWire.contentHash(SNAPSHOTS.decode(SNAPSHOTS.encode(shared))), hash, "received " + built.proxyId());
        }
      }
    }
  }

  @Property(tries = 30)
  void everyProxyOfAStateGetsTheSameClusterObjectForTheSameCluster(@ForAll("histories") List<MeshHistories.Input> history) {
    MeshFold fold = MeshFold.restore(MeshState.EMPTY);
    MeshHistories.events(history).forEach(event -> fold.apply(change(event)));
    SortedMap<String, Assembly> all = SnapshotAssembler.assembleAll(fold.state());
    Map<String, ProxyConfig.Cluster> first = new java.util.HashMap<>();
    for (Assembly assembly : all.values()) {
      if (assembly instanceof Assembly.Built built) {
        for (ProxyConfig.Cluster cluster : built.config().clusters()) {
          ProxyConfig.Cluster seen = first.putIfAbsent(cluster.name() + cluster.provenance(), cluster);
          if (seen != null) {
            assertSame(seen, cluster, cluster.name() + " built twice on one state");
          }
        }
      }
    }
  }

  private static MeshChange change(Object event) {
    if (event instanceof MeshTrustBundle bundle) {
      return MeshChanges.of(bundle);
    }
    if (event instanceof MeshHistories.BundleRemoved removed) {
      return new MeshChange.Remove(TrustRoots.key(removed.trustDomain()));
    }
    return event instanceof PolicyEvent p ? MeshChanges.of(p).orElseThrow() : MeshChanges.of((ClusterEvent) event);
  }
}
