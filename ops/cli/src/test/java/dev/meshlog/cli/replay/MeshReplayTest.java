package dev.meshlog.cli.replay;

import static dev.meshlog.cli.replay.ReplayFixtures.REVIEWS;
import static dev.meshlog.cli.replay.ReplayFixtures.TOPICS;
import static dev.meshlog.cli.replay.ReplayFixtures.cluster;
import static dev.meshlog.cli.replay.ReplayFixtures.events;
import static dev.meshlog.cli.replay.ReplayFixtures.policy;
import static dev.meshlog.cli.replay.ReplayFixtures.workload;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.avro.ClusterChange;
import dev.meshlog.avro.PolicyEvent;
import dev.meshlog.avro.VirtualServiceSpec;
import dev.meshlog.engine.snapshot.WorkloadIdentity;
import dev.meshlog.engine.wire.SnapshotWire;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The replayed fold follows the engine's rules for versions, rejected assemblies and departed proxies. */
class MeshReplayTest {

  private static final LogPoint END = new LogPoint.AtTime(Instant.MAX);

  private static MeshReplay fold() {
    return MeshReplay.allProxies(TOPICS, WorkloadIdentity.DEFAULT_TRUST_DOMAIN);
  }

  /** reviews-v1 and client registered (cluster 0, 1), then the DestinationRule and VirtualService (policy 0, 1). */
  private static MeshReplay reviewsMesh(int v1, int v2) {
    MeshReplay fold = fold();
    fold.accept(cluster(0, 1, workload("reviews-v1", "reviews", "v1", 1001, ClusterChange.REGISTERED)));
    fold.accept(cluster(1, 2, workload("reviews-v2", "reviews", "v2", 1002, ClusterChange.REGISTERED)));
    fold.accept(cluster(2, 3, workload("client", "client", null, 0, ClusterChange.REGISTERED)));
    List<PolicyEvent> policies = events(REVIEWS.formatted(v1, v2), 1, "alice");
    fold.accept(policy(0, 4, policies.get(0)));
    fold.accept(policy(1, 5, policies.get(1)));
    return fold;
  }

  @Test
  void shouldVersionASnapshotAtTheLastInputThatChangedItsContent() {
    MeshReplay fold = reviewsMesh(90, 10);
    ReplayedMesh before = fold.result(END);
    // the client's last change is the VirtualService: cluster offsets 0..2 and policy offsets 0..1 folded
    assertEquals(3 + 2, before.proxies().get("client").version());

    // reviews-v1 registers again, unchanged: the position moves, no content changes, no version changes
    fold.accept(cluster(3, 6, workload("reviews-v1", "reviews", "v1", 1001, ClusterChange.UPDATED)));
    ReplayedMesh after = fold.result(END);
    assertEquals(before.proxies().get("client"), after.proxies().get("client"));
    assertEquals(before.position() + 1, after.position());
    assertEquals(SnapshotWire.contentHash(after.proxies().get("client").snapshot()), after.proxies().get("client").hash(),
        "the hash is the content hash the engine publishes");
  }

  @Test
  void shouldKeepTheLastGoodSnapshotWhenAnAssemblyIsRejected() {
    MeshReplay fold = reviewsMesh(90, 10);
    ReplayedProxy good = fold.result(END).proxies().get("client");
    PolicyEvent broken = events(REVIEWS.formatted(50, 50), 3, "bob").get(1);
    ((VirtualServiceSpec) broken.getSpec()).getHttp().get(0).getRoute().get(1).setWeight(40); // sums to 90: held back by the engine
    fold.accept(policy(2, 6, broken));
    ReplayedMesh after = fold.result(END);
    assertEquals(good, after.proxies().get("client"));
    assertTrue(after.policies().get("VirtualService/default/reviews").toString().contains("\"weight\": 40"),
        "the resource in force is the accepted event, whatever the snapshots made of it");
  }

  @Test
  void shouldDropADepartedProxyAndVersionItAnewWhenItReturns() {
    MeshReplay fold = reviewsMesh(90, 10);
    ReplayedProxy first = fold.result(END).proxies().get("reviews-v2");
    fold.accept(cluster(3, 6, workload("reviews-v2", "reviews", "v2", 1002, ClusterChange.REMOVED)));
    assertTrue(!fold.result(END).proxies().containsKey("reviews-v2"));
    fold.accept(cluster(4, 7, workload("reviews-v2", "reviews", "v2", 1002, ClusterChange.REGISTERED)));
    ReplayedProxy back = fold.result(END).proxies().get("reviews-v2");
    assertEquals(first.hash(), back.hash(), "same content");
    assertNotEquals(first.version(), back.version(), "but a new snapshot, as the engine deleted the old one");
  }

  @Test
  void shouldRemoveAResourceOnADeleteOrATombstoneAndSkipUndecodableRecords() {
    MeshReplay fold = reviewsMesh(90, 10);
    PolicyEvent vs = fold.result(END).policies().get("VirtualService/default/reviews");
    fold.accept(policy(2, 6, ReplayFixtures.deleted(vs, 3)));
    assertEquals(List.of("DestinationRule/default/reviews"), List.copyOf(fold.result(END).policies().keySet()));
    fold.accept(ReplayFixtures.record(TOPICS.policyEvents(), 3, 7, "DestinationRule/default/reviews", null));
    assertTrue(fold.result(END).policies().isEmpty());
    long position = fold.result(END).position();
    fold.accept(new InputRecord(TOPICS.policyEvents().name(), 0, 4, 0, "x".getBytes(), new byte[] {1, 2, 3}));
    assertEquals(position, fold.result(END).position(), "skipped before the fold, as the engine's handler does");
  }

  @Test
  void shouldComputeOnlyTheTrackedProxy() {
    MeshReplay fold = MeshReplay.oneProxy(TOPICS, WorkloadIdentity.DEFAULT_TRUST_DOMAIN, "client");
    fold.accept(cluster(0, 1, workload("reviews-v1", "reviews", "v1", 1001, ClusterChange.REGISTERED)));
    fold.accept(cluster(1, 2, workload("client", "client", null, 0, ClusterChange.REGISTERED)));
    assertEquals(List.of("client"), List.copyOf(fold.result(END).proxies().keySet()));
    assertEquals(reviewsOnlyClientVersion(), fold.result(END).proxies().get("client").version());
  }

  private static long reviewsOnlyClientVersion() {
    MeshReplay all = fold();
    all.accept(cluster(0, 1, workload("reviews-v1", "reviews", "v1", 1001, ClusterChange.REGISTERED)));
    all.accept(cluster(1, 2, workload("client", "client", null, 0, ClusterChange.REGISTERED)));
    return all.result(END).proxies().get("client").version();
  }
}
