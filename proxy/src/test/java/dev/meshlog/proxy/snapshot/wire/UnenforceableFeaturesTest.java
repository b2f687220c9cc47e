package dev.meshlog.proxy.snapshot.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.avro.AuthorizationConfig;
import dev.meshlog.avro.AuthzAction;
import dev.meshlog.avro.ClusterConfig;
import dev.meshlog.avro.EndpointConfig;
import dev.meshlog.avro.HttpRetrySpec;
import dev.meshlog.avro.InboundPolicy;
import dev.meshlog.avro.MtlsMode;
import dev.meshlog.avro.ProxySnapshot;
import dev.meshlog.avro.RouteConfig;
import dev.meshlog.avro.RouteRule;
import dev.meshlog.avro.WeightedCluster;
import dev.meshlog.proxy.snapshot.SnapshotValidator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UnenforceableFeaturesTest {

  private static final String HOST = "reviews.default.svc.cluster.local";
  private static final String CLUSTER = "outbound|80||" + HOST;

  private static RouteRule.Builder plainRule() {
    return RouteRule.newBuilder().setName("r").setClusters(List.of(new WeightedCluster(CLUSTER, 100, null)));
  }

  private static ProxySnapshot.Builder snapshot(RouteRule rule) {
    return ProxySnapshot.newBuilder().setProxyId("p").setVersion(1).setHash("h")
        .setRoutes(List.of(RouteConfig.newBuilder().setName(HOST).setDomains(List.of(HOST)).setRules(List.of(rule)).build()))
        .setClusters(List.of(ClusterConfig.newBuilder().setName(CLUSTER).setHost(HOST).setPort(80)
            .setEndpoints(List.of(new EndpointConfig("127.0.0.1", 8080, "w", Map.of(), 1))).build()));
  }

  @Test
  void shouldApplyASnapshotThatUsesOnlyWhatTheProxyEnforces() {
    ProxySnapshot wire = snapshot(plainRule().build()).build();
    assertTrue(new SnapshotValidator().validate(SnapshotWire.toDomain(wire)).isEmpty());
  }

  @Test
  void shouldRefuseRetriesItCannotEnforceNamingTheRoute() {
    ProxySnapshot wire = snapshot(plainRule().setRetries(new HttpRetrySpec(3, 100L, List.of("5xx"))).build()).build();
    List<String> errors = new SnapshotValidator().validate(SnapshotWire.toDomain(wire));
    assertEquals(List.of("route " + HOST + " rule r retries: not enforced by this proxy yet"), errors);
  }

  @Test
  void shouldRefuseAnAllowPolicyButPassAnAuditOne() {
    var allow = new AuthorizationConfig("AuthorizationPolicy/default/only-admins", AuthzAction.ALLOW, List.of());
    var audit = new AuthorizationConfig("AuthorizationPolicy/default/audit", AuthzAction.AUDIT, List.of());
    ProxySnapshot wire = snapshot(plainRule().build())
        .setInbound(new InboundPolicy(MtlsMode.PERMISSIVE, Map.of(), List.of(allow, audit), List.of())).build();
    List<String> errors = new SnapshotValidator().validate(SnapshotWire.toDomain(wire));
    assertEquals(1, errors.size(), errors.toString());
    assertTrue(errors.get(0).contains("only-admins (ALLOW)"), errors.toString());
  }
}
