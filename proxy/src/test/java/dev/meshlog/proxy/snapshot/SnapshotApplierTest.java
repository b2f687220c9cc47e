package dev.meshlog.proxy.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.proxy.route.Dispatch;
import dev.meshlog.proxy.route.RouteTable;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SnapshotApplierTest {

  private final LiveConfig live = new LiveConfig();
  private final SnapshotApplier applier = new SnapshotApplier(SnapshotFixtures.PROXY, live, new SnapshotValidator());

  @Test
  void shouldSwapInANewerValidSnapshot() {
    SnapshotOutcome outcome = applier.apply(SnapshotFixtures.split(5, 0, 100));
    assertEquals(new SnapshotOutcome.Applied(5, "hash-5"), outcome);
    assertEquals(5, live.current().version());
    assertEquals("hash-5", live.current().hash());
    Dispatch.Forward forward = (Dispatch.Forward) live.get().dispatch("reviews", new Random(1));
    assertEquals(SnapshotFixtures.V2, forward.cluster().name());
  }

  @Test
  void shouldIgnoreVersionsNotNewerThanTheAppliedOne() {
    applier.apply(SnapshotFixtures.split(5, 0, 100));
    RouteTable applied = live.get();
    assertInstanceOf(SnapshotOutcome.Ignored.class, applier.apply(SnapshotFixtures.split(5, 100, 0)));
    assertInstanceOf(SnapshotOutcome.Ignored.class, applier.apply(SnapshotFixtures.split(4, 100, 0)));
    assertSame(applied, live.get());
  }

  @Test
  void shouldRejectAnInvalidSnapshotAndKeepTheLastGoodConfig() {
    applier.apply(SnapshotFixtures.split(5, 0, 100));
    RouteTable applied = live.get();
    SnapshotOutcome.Rejected rejected = assertInstanceOf(SnapshotOutcome.Rejected.class,
        applier.apply(SnapshotFixtures.split(6, 50, 10)));
    assertEquals(6, rejected.version());
    assertEquals("hash-6", rejected.hash());
    assertTrue(rejected.detail().contains("not 100"), rejected.detail());
    assertSame(applied, live.get());
    assertEquals(5, live.current().version());
  }

  @Test
  void shouldParkARejectedVersionInsteadOfRetryingIt() {
    applier.apply(SnapshotFixtures.split(6, 50, 10));
    assertInstanceOf(SnapshotOutcome.Ignored.class, applier.apply(SnapshotFixtures.split(6, 50, 10)));
    assertInstanceOf(SnapshotOutcome.Applied.class, applier.apply(SnapshotFixtures.split(7, 50, 50)));
  }

  @Test
  void shouldRejectASnapshotMeantForAnotherProxy() {
    Snapshot other = new Snapshot("ratings-1", 3, "h", List.of(), List.of());
    SnapshotOutcome.Rejected rejected = assertInstanceOf(SnapshotOutcome.Rejected.class, applier.apply(other));
    assertTrue(rejected.detail().contains("ratings-1"), rejected.detail());
    assertEquals(-1, live.current().version());
  }
}
