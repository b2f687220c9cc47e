package dev.meshlog.cli.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.cli.bench.HistoryFixtures;
import dev.meshlog.engine.snapshot.Assembly;
import dev.meshlog.engine.snapshot.LogPosition;
import dev.meshlog.engine.snapshot.MeshChange;
import dev.meshlog.engine.snapshot.MeshFold;
import dev.meshlog.engine.snapshot.MeshState;
import dev.meshlog.engine.wire.SnapshotWire;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The walk back must land exactly where the engine's forward fold does: at many points of a long,
 * churning history (weight changes, endpoints leaving and coming back, policies deleted and
 * re-created, proxies leaving and re-registering), for every proxy, the same hash and version.
 */
class VersionWalkTest {

  private static final String TRUST_DOMAIN = "cluster.local";

  @Test
  void shouldFindTheVersionAndHashTheForwardFoldGivesEveryProxyAtEveryPoint() {
    List<HistoryFixtures.Input> inputs = HistoryFixtures.churningHistory(4_000, new Random(42));
    Random points = new Random(7);
    List<Integer> at = new ArrayList<>(List.of(inputs.size()));
    for (int i = 0; i < 40; i++) {
      at.add(200 + points.nextInt(inputs.size() - 200));
    }
    int compared = 0;
    for (int point : at) {
      Map<String, Found> expected = forwardFold(inputs.subList(0, point));
      LogWindow window = new LogWindow(100_000);
      inputs.subList(0, point).forEach(in -> window.accept(in.topic(), 0, in.offset(), in.change()));
      MeshState state = window.state(TRUST_DOMAIN);
      for (String proxy : state.proxies().keySet()) {
        VersionWalk.Result walked = VersionWalk.find(window, state, proxy);
        Found want = expected.get(proxy);
        if (want == null) {
          assertInstanceOf(VersionWalk.NeverValid.class, walked, proxy + " at " + point);
          continue;
        }
        VersionWalk.Found got = assertInstanceOf(VersionWalk.Found.class, walked, proxy + " at " + point);
        assertEquals(want.hash(), got.hash(), proxy + " content at " + point);
        assertEquals(want.version(), got.version(), proxy + " version at " + point);
        compared++;
      }
      assertTrue(state.proxies().keySet().containsAll(expected.keySet()), "the engine has snapshots only for registered proxies");
    }
    assertTrue(compared > 200, "compared " + compared + " proxy snapshots");
  }

  @Test
  void shouldSayWhenTheWalkNeedsMoreThanTheWindowHolds() {
    List<HistoryFixtures.Input> inputs = HistoryFixtures.churningHistory(2_000, new Random(1));
    LogWindow window = new LogWindow(3);
    inputs.forEach(in -> window.accept(in.topic(), 0, in.offset(), in.change()));
    MeshState state = window.state(TRUST_DOMAIN);
    String proxy = state.proxies().firstKey();
    assertInstanceOf(VersionWalk.BeyondWindow.class, VersionWalk.find(window, state, proxy));
  }

  @Test
  void shouldSayAProxyThatIsNotRegisteredAtThePointIsNot() {
    LogWindow window = new LogWindow(10);
    assertInstanceOf(VersionWalk.NotRegistered.class, VersionWalk.find(window, window.state(TRUST_DOMAIN), "nobody"));
  }

  private record Found(long version, String hash) {}

  /** What the engine's snapshot builder computes: recompute affected proxies, a new hash takes the position. */
  private static Map<String, Found> forwardFold(List<HistoryFixtures.Input> inputs) {
    MeshFold fold = MeshFold.restore(MeshState.empty(TRUST_DOMAIN));
    LogPosition position = LogPosition.START;
    Map<String, Found> computed = new TreeMap<>();
    for (HistoryFixtures.Input in : inputs) {
      position = position.advance(in.topic(), 0, in.offset());
      Optional<MeshChange> change = in.change();
      if (change.isEmpty()) {
        continue;
      }
      MeshFold.Step step = fold.apply(change.get());
      for (Assembly assembly : step.assemblies().values()) {
        if (assembly instanceof Assembly.Built built) {
          String hash = SnapshotWire.hashOf(SnapshotWire.content(built.config()));
          Found last = computed.get(built.proxyId());
          if (last == null || !last.hash().equals(hash)) {
            computed.put(built.proxyId(), new Found(position.version(), hash));
          }
        }
      }
      step.removed().forEach(computed::remove);
    }
    return new HashMap<>(computed);
  }
}
