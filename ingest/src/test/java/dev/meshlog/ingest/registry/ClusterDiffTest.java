package dev.meshlog.ingest.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.avro.ClusterChange;
import dev.meshlog.avro.ClusterEvent;
import dev.meshlog.avro.Source;
import dev.meshlog.ingest.policy.Attribution;
import dev.meshlog.ingest.registry.wire.ClusterWire;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ClusterDiffTest {

  private static final Attribution KUBECTL = new Attribution("kubectl-client-side-apply", "", Source.KUBERNETES);
  private static final Attribution GONE = new Attribution("kubernetes", "", Source.KUBERNETES);

  private static WorkloadRecord pod(String name, int port) {
    return WorkloadRecord.of(name, "shop", "reviews", "reviews", Map.of("app", "reviews"), Optional.of(name + ".shop"), "10.0.0.1", port, 9080);
  }

  private static Map<String, Desired> desired(ClusterResource... resources) {
    Map<String, Desired> map = new TreeMap<>();
    for (ClusterResource r : resources) {
      map.put(r.key(), new Desired(r, KUBECTL));
    }
    return map;
  }

  private static Map<String, Logged> logged(Source source, ClusterResource... resources) {
    Map<String, Logged> map = new TreeMap<>();
    for (ClusterResource r : resources) {
      map.put(r.key(), new Logged(r, source));
    }
    return map;
  }

  private static List<String> summary(ClusterChangeSet set) {
    return set.changes().stream().map(c -> c.change() + " " + c.resource().key()).toList();
  }

  @Test
  void shouldRegisterNewUpdateChangedAndRemoveOwnedKeysThatAreGone() {
    Map<String, Logged> log = logged(Source.KUBERNETES, pod("a", 9080), pod("b", 9080), pod("gone", 9080));
    ClusterChangeSet set = ClusterDiff.diff(log, desired(pod("a", 9080), pod("b", 0), pod("c", 9080)), k -> true, Source.KUBERNETES, GONE);
    assertEquals(List.of("UPDATED Workload/shop/b", "REGISTERED Workload/shop/c", "REMOVED Workload/shop/gone"), summary(set));
    assertEquals(1, set.unchanged());
    assertEquals(GONE, set.changes().get(2).attribution());
    assertEquals(pod("gone", 9080), set.changes().get(2).resource(), "a removal carries the last state");
    assertEquals(KUBECTL, set.changes().get(0).attribution());
  }

  @Test
  void shouldPublishNothingWhenTheLogAlreadySaysWhatIsDesired() {
    Map<String, Logged> log = logged(Source.KUBERNETES, pod("a", 9080), pod("b", 0));
    ClusterChangeSet set = ClusterDiff.diff(log, desired(pod("a", 9080), pod("b", 0)), k -> true, Source.KUBERNETES, GONE);
    assertTrue(set.isEmpty());
    assertEquals(2, set.unchanged());
  }

  @Test
  void shouldNeverTouchKeysAnotherSourceOwns() {
    Map<String, Logged> log = logged(Source.PROXY, pod("self-registered", 8080), pod("same-key", 8080));
    ClusterChangeSet set = ClusterDiff.diff(log, desired(pod("same-key", 9080)), k -> true, Source.KUBERNETES, GONE);
    assertTrue(set.isEmpty(), "neither updated nor removed: " + summary(set));
    assertEquals(List.of("Workload/shop/same-key"), set.foreign());
  }

  @Test
  void shouldDecideOnlyWithinScope() {
    Map<String, Logged> log = logged(Source.KUBERNETES, pod("a", 9080), pod("b", 9080));
    ClusterChangeSet set = ClusterDiff.diff(log, desired(pod("c", 9080)), "Workload/shop/a"::equals, Source.KUBERNETES, GONE);
    assertEquals(List.of("REMOVED Workload/shop/a"), summary(set));
  }

  @Test
  void shouldCompareResourcesDecodedFromTheLogByValue() {
    ServiceRecord service = ServiceRecord.of("reviews", "shop", List.of(new ServiceRecord.Port("http", 9080, "HTTP")), Map.of("app", "reviews", "tier", "b"));
    WorkloadRecord workload = pod("a", 9080);
    Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    Map<String, Logged> log = new TreeMap<>();
    for (ClusterResource r : List.<ClusterResource>of(service, workload)) {
      ClusterEvent event = ClusterWire.event(new ClusterChangeSet.Change(ClusterChange.REGISTERED, r, KUBECTL), Source.KUBERNETES, clock);
      byte[] bytes = new dev.meshlog.schemas.AvroSerde<>(ClusterEvent.class).serializer().serialize("t", event);
      ClusterEvent decoded = new dev.meshlog.schemas.AvroSerde<>(ClusterEvent.class).deserializer().deserialize("t", bytes);
      ClusterLog.fold(log, decoded.getEnvelope().getSubject(), decoded);
      assertEquals(r.kind() + "Registered", decoded.getEnvelope().getType());
      assertEquals("kubectl-client-side-apply", decoded.getEnvelope().getActor());
    }
    assertTrue(ClusterDiff.diff(log, desired(service, workload), k -> true, Source.KUBERNETES, GONE).isEmpty());
  }

  @Test
  void shouldDropAKeyFromTheLoggedStateOnRemoved() {
    Map<String, Logged> log = logged(Source.CLI, pod("a", 9080));
    ClusterEvent removed = ClusterWire.event(new ClusterChangeSet.Change(ClusterChange.REMOVED, pod("a", 9080), GONE), Source.CLI, Clock.systemUTC());
    ClusterLog.fold(log, "Workload/shop/a", removed);
    assertTrue(log.isEmpty());
  }
}
