package dev.meshlog.engine.snapshot;

import static dev.meshlog.engine.MeshFixtures.REVIEWS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.avro.ProxySnapshot;
import dev.meshlog.engine.MeshFixtures;
import dev.meshlog.engine.sequencer.PolicyChain;
import dev.meshlog.engine.wire.MeshChanges;
import dev.meshlog.engine.wire.SnapshotWire;
import dev.meshlog.schemas.AvroSerde;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SnapshotAssemblerTest {

  private static final MeshState BASE = MeshState.EMPTY
      .apply(MeshChanges.of(MeshFixtures.workload("client", "default", "client", null, "client", 0)))
      .apply(MeshChanges.of(MeshFixtures.workload("reviews-v1", "default", "reviews", "v1", "reviews-v1", 1)))
      .apply(MeshChanges.of(MeshFixtures.workload("reviews-v2", "default", "reviews", "v2", "reviews-v2", 2)));

  @Test
  void shouldRouteAllTrafficToAllEndpointsWithoutVirtualService() {
    ProxyConfig config = assemble(BASE, "client");

    assertEquals(List.of(REVIEWS), config.routes().stream().map(ProxyConfig.Route::name).toList(),
        "the client has no endpoint (port 0), so only reviews is a route");
    ProxyConfig.Route route = config.routes().get(0);
    assertEquals(80, route.port());
    assertEquals(List.of(new ProxyConfig.Rule("", List.of(new ProxyConfig.WeightedCluster("outbound|80||" + REVIEWS, 100)))), route.rules());
    ProxyConfig.Cluster cluster = config.clusters().get(0);
    assertEquals("outbound|80||" + REVIEWS, cluster.name());
    assertEquals(Optional.empty(), cluster.subset());
    assertEquals("ROUND_ROBIN", cluster.loadBalancer());
    assertEquals(List.of("reviews-v1", "reviews-v2"), workloads(cluster));
    assertEquals(List.of(1, 2), cluster.endpoints().stream().map(ProxyConfig.Endpoint::port).toList());
  }

  @Test
  void shouldSplit90To10OverSubsetClustersOfTheDestinationRule() {
    MeshState state = withPolicies(BASE);

    ProxyConfig config = assemble(state, "client");

    ProxyConfig.Route route = config.routes().get(0);
    String v1 = "outbound|80|v1|" + REVIEWS;
    String v2 = "outbound|80|v2|" + REVIEWS;
    assertEquals(List.of(new ProxyConfig.WeightedCluster(v1, 90), new ProxyConfig.WeightedCluster(v2, 10)),
        route.rules().get(0).clusters());
    assertEquals(List.of("DestinationRule/default/reviews", "VirtualService/default/reviews"), route.provenance());
    assertEquals(List.of("reviews-v1"), workloads(cluster(config, v1)));
    assertEquals(List.of("reviews-v2"), workloads(cluster(config, v2)));
    assertEquals(Optional.of("v1"), cluster(config, v1).subset());
    assertEquals(Map.of("app", "reviews", "version", "v2"), cluster(config, v2).endpoints().get(0).labels());
  }

  @Test
  void shouldLeaveAnUndefinedSubsetEmptyRatherThanRouteToEveryEndpoint() {
    MeshState state = BASE.apply(change(MeshFixtures.reviews90to10("11111111-0000-0000-0000-000000000001")));

    ProxyConfig config = assemble(state, "client");

    assertTrue(cluster(config, "outbound|80|v1|" + REVIEWS).endpoints().isEmpty());
  }

  @Test
  void shouldOfferTheShortNameOnlyToProxiesInTheSameNamespace() {
    MeshState state = BASE.apply(MeshChanges.of(MeshFixtures.workload("tester", "qa", "tester", null, "tester", 0)));

    assertEquals(List.of(REVIEWS, "reviews.default.svc", "reviews.default", "reviews"), assemble(state, "client").routes().get(0).domains());
    assertEquals(List.of(REVIEWS, "reviews.default.svc", "reviews.default"), assemble(state, "tester").routes().get(0).domains());
  }

  @Test
  void shouldEncodeTheSameStateToIdenticalBytes() {
    MeshState forward = withPolicies(BASE);
    MeshState reversed = MeshState.EMPTY
        .apply(change(MeshFixtures.reviews90to10("11111111-0000-0000-0000-000000000002")))
        .apply(MeshChanges.of(MeshFixtures.workload("reviews-v2", "default", "reviews", "v2", "reviews-v2", 2)))
        .apply(change(MeshFixtures.reviewsSubsets("11111111-0000-0000-0000-000000000001")))
        .apply(MeshChanges.of(MeshFixtures.workload("reviews-v1", "default", "reviews", "v1", "reviews-v1", 1)))
        .apply(MeshChanges.of(MeshFixtures.workload("client", "default", "client", null, "client", 0)));
    AvroSerde<ProxySnapshot> serde = new AvroSerde<>(ProxySnapshot.class);
    LogPosition position = LogPosition.START.advance("t", 0, 4);

    ProxyConfig a = assemble(forward, "client");
    ProxyConfig b = assemble(reversed, "client");
    String hash = SnapshotWire.contentHash(a);

    assertEquals(hash, SnapshotWire.contentHash(b));
    assertArrayEquals(serde.encode(SnapshotWire.toAvro(a, hash, position)), serde.encode(SnapshotWire.toAvro(b, hash, position)));
    ProxySnapshot decoded = serde.decode(serde.encode(SnapshotWire.toAvro(a, hash, position)));
    assertEquals(hash, SnapshotWire.contentHash(decoded), "a receiver recomputes the hash from what it got");
    assertEquals(5L, decoded.getVersion());
  }

  @Test
  void shouldRefuseARuleNamingAMissingClusterNamingBoth() {
    var rule = new ProxyConfig.Rule("", List.of(new ProxyConfig.WeightedCluster("outbound|80||ghost", 100)));
    var route = new ProxyConfig.Route(REVIEWS, 80, List.of(REVIEWS), List.of(rule), List.of());

    InvalidSnapshotException e = assertThrows(InvalidSnapshotException.class, () -> new ProxyConfig("client", List.of(route), List.of()));

    assertTrue(e.getMessage().contains(REVIEWS) && e.getMessage().contains("outbound|80||ghost"), e.getMessage());
  }

  static MeshState withPolicies(MeshState state) {
    return state
        .apply(change(MeshFixtures.reviewsSubsets("11111111-0000-0000-0000-000000000001")))
        .apply(change(MeshFixtures.reviews90to10("11111111-0000-0000-0000-000000000002")));
  }

  private static MeshChange change(dev.meshlog.avro.PolicyCommand command) {
    String subject = command.getEnvelope().getSubject();
    return MeshChanges.of(PolicyChain.append(command, subject, 1, 1, null)).orElseThrow();
  }

  private static ProxyConfig assemble(MeshState state, String proxyId) {
    return ((Assembly.Built) SnapshotAssembler.assemble(state, state.proxies().get(proxyId))).config();
  }

  private static ProxyConfig.Cluster cluster(ProxyConfig config, String name) {
    return config.clusters().stream().filter(c -> c.name().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no cluster " + name + " in " + config.clusters()));
  }

  private static List<String> workloads(ProxyConfig.Cluster cluster) {
    return cluster.endpoints().stream().map(ProxyConfig.Endpoint::workload).toList();
  }
}
