package dev.meshlog.proxy.snapshot;

import static dev.meshlog.proxy.snapshot.SnapshotFixtures.HOST;
import static dev.meshlog.proxy.snapshot.SnapshotFixtures.V1;
import static dev.meshlog.proxy.snapshot.SnapshotFixtures.V2;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.proxy.route.Cluster;
import dev.meshlog.proxy.route.Endpoint;
import dev.meshlog.proxy.route.WeightedCluster;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SnapshotValidatorTest {

  private final SnapshotValidator validator = new SnapshotValidator();

  @Test
  void shouldAcceptAConsistentSnapshot() {
    assertEquals(List.of(), validator.validate(SnapshotFixtures.split(1, 90, 10)));
    assertEquals(List.of(), validator.validate(SnapshotFixtures.split(1, 0, 100)));
  }

  @Test
  void shouldNameTheMissingClusterAndTheRoute() {
    String v3 = "outbound|80|v3|" + HOST;
    Snapshot snapshot = SnapshotFixtures.snapshot(3,
        List.of(new WeightedCluster(V1, 50), new WeightedCluster(v3, 50)),
        List.of(SnapshotFixtures.cluster(V1, 1)));
    List<String> errors = validator.validate(snapshot);
    assertEquals(1, errors.size(), errors.toString());
    assertTrue(errors.get(0).contains(v3), errors.get(0));
    assertTrue(errors.get(0).contains("route " + HOST), errors.get(0));
  }

  @Test
  void shouldRejectWeightsThatDoNotSumToHundred() {
    List<String> errors = validator.validate(SnapshotFixtures.split(1, 80, 10));
    assertEquals(1, errors.size(), errors.toString());
    assertTrue(errors.get(0).contains("sum to 90, not 100"), errors.get(0));
  }

  @Test
  void shouldRejectNegativeWeight() {
    List<String> errors = validator.validate(SnapshotFixtures.split(1, 110, -10));
    assertEquals(1, errors.size(), errors.toString());
    assertTrue(errors.get(0).contains("negative weight -10") && errors.get(0).contains(V2), errors.get(0));
  }

  @Test
  void shouldRejectARuleWithNoClusters() {
    List<String> errors = validator.validate(SnapshotFixtures.snapshot(1, List.of(), List.of()));
    assertEquals(1, errors.size(), errors.toString());
    assertTrue(errors.get(0).contains("sum to 0"), errors.get(0));
  }

  @Test
  void shouldRejectAnEndpointWhoseAddressDoesNotResolve() {
    Cluster unresolved = new Cluster(V1, HOST, Optional.of("v1"), 80, List.of(
        new Endpoint(InetSocketAddress.createUnresolved("no-such-host.invalid", 80), "w", Map.of())));
    Snapshot snapshot = SnapshotFixtures.snapshot(1, List.of(new WeightedCluster(V1, 100)), List.of(unresolved));
    List<String> errors = validator.validate(snapshot);
    assertEquals(1, errors.size(), errors.toString());
    assertTrue(errors.get(0).contains("no-such-host.invalid"), errors.get(0));
  }
}
