package dev.meshlog.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.cli.replay.LogPoint;
import dev.meshlog.cli.replay.ReplayedMesh;
import dev.meshlog.cli.replay.ReplayedProxy;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** A proxy has converged when it holds the content hash of the replayed fold; a missing one has not. */
class BurstCheckTest {

  @Test
  void shouldCountProxiesWhoseLastSnapshotHasTheReplayedContent() {
    TreeMap<String, ReplayedProxy> proxies = new TreeMap<>(Map.of(
        "a", new ReplayedProxy("a", 10, "h1", null),
        "b", new ReplayedProxy("b", 10, "h2", null),
        "c", new ReplayedProxy("c", 10, "h3", null)));
    ReplayedMesh reference = new ReplayedMesh(new LogPoint.AtTime(Instant.EPOCH), new TreeMap<>(), proxies, -1, -1, 0);
    Map<String, SnapshotView> received = Map.of(
        "a", view("a", 10, "h1"),
        "b", view("b", 9, "stale"));

    BurstCheck.Convergence convergence = BurstCheck.convergence(reference, Set.of("a", "b", "c"), received);

    assertEquals(new BurstCheck.Convergence(3, 1, 1, 1), convergence);
    assertFalse(convergence.converged());
    assertTrue(BurstCheck.convergence(reference, Set.of("a"), received).converged());
  }

  private static SnapshotView view(String proxy, long version, String hash) {
    return new SnapshotView(proxy, version, hash, 1, 0, 0, Map.of(), Set.of(), 0, 0);
  }
}
