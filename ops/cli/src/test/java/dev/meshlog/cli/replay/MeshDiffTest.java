package dev.meshlog.cli.replay;

import static dev.meshlog.cli.replay.ReplayFixtures.REVIEWS;
import static dev.meshlog.cli.replay.ReplayFixtures.TOPICS;
import static dev.meshlog.cli.replay.ReplayFixtures.cluster;
import static dev.meshlog.cli.replay.ReplayFixtures.events;
import static dev.meshlog.cli.replay.ReplayFixtures.policy;
import static dev.meshlog.cli.replay.ReplayFixtures.workload;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.avro.ClusterChange;
import dev.meshlog.avro.PolicyEvent;
import dev.meshlog.engine.snapshot.WorkloadIdentity;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How diff shows resource changes and their effect on proxies. */
class MeshDiffTest {

  @Test
  void shouldShowChangedResourcesAndTheSnapshotsTheyChanged() throws Exception {
    MeshReplay fold = MeshReplay.allProxies(TOPICS, WorkloadIdentity.DEFAULT_TRUST_DOMAIN);
    fold.accept(cluster(0, 1, workload("reviews-v1", "reviews", "v1", 1001, ClusterChange.REGISTERED)));
    fold.accept(cluster(1, 2, workload("reviews-v2", "reviews", "v2", 1002, ClusterChange.REGISTERED)));
    fold.accept(cluster(2, 3, workload("client", "client", null, 0, ClusterChange.REGISTERED)));
    List<PolicyEvent> first = events(REVIEWS.formatted(90, 10), 1, "alice");
    fold.accept(policy(0, 4, first.get(0)));
    fold.accept(policy(1, 5, first.get(1)));
    ReplayedMesh from = fold.result(new LogPoint.AtTime(Instant.parse("2026-11-26T10:00:05Z")));
    fold.accept(policy(2, 6, events(REVIEWS.formatted(20, 80), 3, "bob").get(1)));
    fold.accept(cluster(3, 7, workload("ratings-v1", "ratings", "v1", 1003, ClusterChange.REGISTERED)));
    ReplayedMesh to = fold.result(new LogPoint.AtTime(Instant.parse("2026-11-26T10:00:07Z")));

    String text = MeshDiff.render(from, to, Optional.of("client"));
    assertTrue(text.contains("Resources: 1 changed\n  changed  VirtualService/default/reviews  (generation 1 by bob)\n"), text);
    assertTrue(text.lines().anyMatch(l -> l.startsWith("      -") && l.trim().endsWith("weight: 90"))
        && text.lines().anyMatch(l -> l.startsWith("      +") && l.trim().endsWith("weight: 20")), text);
    String resources = text.substring(text.indexOf("Resources:"), text.indexOf("Proxies:"));
    assertTrue(!resources.contains("DestinationRule"), "unchanged resources are left out: " + text);
    assertTrue(text.contains("  changed     client  version " + from.proxies().get("client").version() + " "), text);
    assertTrue(text.contains("  registered  ratings-v1  -> version "), text);
    String snapshot = text.substring(text.indexOf("Snapshot of client:"));
    assertTrue(snapshot.lines().anyMatch(l -> l.trim().startsWith("-") && l.contains("weight: 90")), snapshot);
    assertTrue(snapshot.lines().noneMatch(l -> l.trim().matches("[-+]version: \\d+")), "version and offsets are on the heading lines, not in the content diff: " + snapshot);

    String none = MeshDiff.render(to, to, Optional.of("client"));
    assertTrue(none.contains("Resources: no change") && none.contains("Proxies: no snapshot changed")
        && none.contains("Snapshot of client: no change"), none);
  }
}
