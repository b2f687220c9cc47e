package dev.meshlog.engine.snapshot;

import static dev.meshlog.engine.MeshFixtures.workload;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.avro.ProxySnapshot;
import dev.meshlog.avro.SnapshotCause;
import dev.meshlog.avro.SourceOffset;
import dev.meshlog.engine.TestRoots;
import dev.meshlog.engine.wire.SnapshotWire;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trust bundle on mesh.ca.bundle, folded like any input: in every proxy's snapshot, re-published on every rotation.
 * (That a restart between any two events, bundles included, changes nothing is {@link MeshFoldPropertiesTest}'s.)
 */
class TrustBundleSnapshotTest {

  private static final String CLUSTER_TOPIC = SnapshotHarness.TOPICS.clusterEvents().name();
  private static final String BUNDLE_TOPIC = SnapshotHarness.TOPICS.caBundle().name();
  private static final String DOMAIN = WorkloadIdentity.DEFAULT_TRUST_DOMAIN;
  private static final Duration QUIET = Duration.ofMillis(150);

  @TempDir
  Path stateDir;

  private SnapshotHarness mesh;
  private final String rootA = TestRoots.rootPem("root A");
  private final String rootB = TestRoots.rootPem("root B");

  @BeforeEach
  void start() {
    mesh = new SnapshotHarness(stateDir, SnapshotHarness.DEBOUNCE);
  }

  @AfterEach
  void stop() {
    mesh.close();
  }

  /** Three proxies (client, tester in qa, the reviews-v1 endpoint) at cluster offsets 0..2: version 3. */
  private Map<String, ProxySnapshot> threeProxies() {
    mesh.cluster(workload("client", "default", "client", null, "client", 0));
    mesh.cluster(workload("tester", "qa", "tester", null, "tester", 0));
    mesh.cluster(workload("reviews-v1", "default", "reviews", "v1", "reviews-v1", 9081));
    return push();
  }

  private Map<String, ProxySnapshot> push() {
    mesh.advance(QUIET);
    Map<String, ProxySnapshot> latest = new TreeMap<>();
    for (KeyValue<String, ProxySnapshot> kv : mesh.published()) {
      latest.put(kv.key, kv.value);
    }
    return latest;
  }

  @Test
  void shouldCarryTheTrustDomainAndNoRootsBeforeTheCaPublishesABundle() {
    Map<String, ProxySnapshot> first = threeProxies();

    assertEquals(List.of("client", "reviews-v1", "tester"), List.copyOf(first.keySet()));
    first.values().forEach(s -> {
      assertEquals(DOMAIN, s.getTrustDomain());
      assertEquals(List.of(), s.getTrustBundle());
      assertEquals(3L, s.getVersion());
    });
  }

  @Test
  void shouldRepublishEveryProxysSnapshotWithTheBundleAtTheBundlesPosition() {
    Map<String, ProxySnapshot> before = threeProxies();

    mesh.trustBundle(TestRoots.bundle(DOMAIN, rootA));
    Map<String, ProxySnapshot> after = push();

    assertEquals(before.keySet(), after.keySet(), "every proxy, whatever its scope");
    after.forEach((proxy, snapshot) -> {
      assertEquals(List.of(rootA), snapshot.getTrustBundle());
      // cluster offsets 0..2 plus the bundle at offset 0: 3 + 1
      assertEquals(4L, snapshot.getVersion());
      // sorted by topic name: test.mesh.ca.bundle, then test.mesh.cluster.events
      assertEquals(List.of(new SourceOffset(BUNDLE_TOPIC, 0, 0L), new SourceOffset(CLUSTER_TOPIC, 0, 2L)), snapshot.getSourceOffsets());
      assertEquals(List.of("MeshTrustBundle/" + DOMAIN), snapshot.getCauses().stream().map(SnapshotCause::getSubject).toList());
      assertEquals(BUNDLE_TOPIC, snapshot.getCauses().get(0).getTopic());
      assertTrue(!snapshot.getHash().equals(before.get(proxy).getHash()), "the roots are content: the hash changes");
      assertEquals(snapshot.getHash(), SnapshotWire.contentHash(snapshot));
    });
  }

  @Test
  void shouldRepublishOnEveryStepOfARootRotationWithIncreasingVersions() {
    threeProxies();
    mesh.trustBundle(TestRoots.bundle(DOMAIN, rootA));
    Map<String, ProxySnapshot> one = push();
    mesh.trustBundle(TestRoots.bundle(DOMAIN, rootA, rootB));
    Map<String, ProxySnapshot> overlap = push();
    mesh.trustBundle(TestRoots.bundle(DOMAIN, rootB));
    Map<String, ProxySnapshot> rotated = push();

    for (String proxy : List.of("client", "reviews-v1", "tester")) {
      assertEquals(List.of(rootA), one.get(proxy).getTrustBundle());
      assertEquals(List.of(rootA, rootB), overlap.get(proxy).getTrustBundle(), "both roots in the overlap, the CA's order kept");
      assertEquals(List.of(rootB), rotated.get(proxy).getTrustBundle());
      assertEquals(List.of(4L, 5L, 6L), List.of(one.get(proxy).getVersion(), overlap.get(proxy).getVersion(),
          rotated.get(proxy).getVersion()));
    }
  }

  @Test
  void shouldNotRepublishWhenTheSameRootsArePublishedAgain() {
    threeProxies();
    mesh.trustBundle(TestRoots.bundle(DOMAIN, rootA));
    push();

    mesh.trustBundle(TestRoots.bundle(DOMAIN, rootA));

    assertEquals(Map.of(), push(), "unchanged content is never re-sent");
  }

  @Test
  void shouldDropTheRootsOnATombstoneBackToTheSnapshotWithoutABundle() {
    Map<String, ProxySnapshot> before = threeProxies();
    mesh.trustBundle(TestRoots.bundle(DOMAIN, rootA));
    push();

    mesh.trustBundleRemoved(DOMAIN);
    Map<String, ProxySnapshot> removed = push();

    assertEquals(before.keySet(), removed.keySet());
    removed.forEach((proxy, snapshot) -> {
      assertEquals(List.of(), snapshot.getTrustBundle());
      assertEquals(before.get(proxy).getHash(), snapshot.getHash(), "no bundle: the very content of before");
      assertEquals(5L, snapshot.getVersion());
    });
  }

  @Test
  void shouldIgnoreTheBundlesAndTombstonesOfOtherTrustDomainsButCountTheirOffsets() {
    threeProxies();

    mesh.trustBundle(TestRoots.bundle("other.example", rootB));
    mesh.trustBundleRemoved("other.example");
    assertEquals(Map.of(), push(), "another trust domain's roots change nothing here");

    mesh.trustBundle(TestRoots.bundle(DOMAIN, rootA));
    Map<String, ProxySnapshot> ours = push();
    // the two foreign records took bundle offsets 0 and 1: ours is at 2
    ours.values().forEach(s -> {
      assertEquals(List.of(rootA), s.getTrustBundle());
      assertEquals(3L + 3L, s.getVersion());
    });
  }

  @Test
  void shouldSkipABundleWhoseRootsAreNotCaCertificates() {
    threeProxies();
    mesh.trustBundle(TestRoots.bundle(DOMAIN, rootA));
    push();

    mesh.trustBundle(TestRoots.bundle(DOMAIN, "-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n"));
    mesh.trustBundle(TestRoots.bundle(DOMAIN));
    mesh.trustBundle(TestRoots.bundle(DOMAIN, rootA, rootA));

    assertEquals(Map.of(), push(), "the last good roots stay");
  }

  @Test
  void shouldServeTheConfiguredTrustDomainOnly() {
    mesh.close();
    mesh = new SnapshotHarness(stateDir.resolve("example"), SnapshotHarness.DEBOUNCE, "example.org");
    mesh.cluster(workload("client", "default", "client", null, "client", 0));
    mesh.trustBundle(TestRoots.bundle(DOMAIN, rootA));
    mesh.trustBundle(TestRoots.bundle("example.org", rootB));

    ProxySnapshot client = push().get("client");

    assertEquals("example.org", client.getTrustDomain());
    assertEquals(List.of(rootB), client.getTrustBundle());
  }
}
