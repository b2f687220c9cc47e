package dev.meshlog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.avro.ClusterConfig;
import dev.meshlog.avro.EndpointConfig;
import dev.meshlog.avro.ProxySnapshot;
import dev.meshlog.avro.RouteConfig;
import dev.meshlog.avro.RouteRule;
import dev.meshlog.avro.SnapshotCause;
import dev.meshlog.avro.WeightedCluster;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProxyConfigRenderTest {

  private static final String HOST = "reviews.default.svc.cluster.local";

  static ProxySnapshot snapshot() {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("version", "v1");
    labels.put("app", "reviews");    // out of order on purpose: output sorts map keys
    return ProxySnapshot.newBuilder()
        .setProxyId("client").setVersion(42).setHash("h")
        .setRoutes(List.of(RouteConfig.newBuilder().setName(HOST).setDomains(List.of("reviews", HOST))
            .setRules(List.of(RouteRule.newBuilder().setName("canary").setTimeoutMs(2_000L)
                .setClusters(List.of(new WeightedCluster("outbound|80|v1|" + HOST, 90, null))).build()))
            .build()))
        .setClusters(List.of(ClusterConfig.newBuilder().setName("outbound|80|v1|" + HOST).setHost(HOST).setSubset("v1").setPort(80)
            .setEndpoints(List.of(EndpointConfig.newBuilder().setAddress("127.0.0.1").setPort(15006).setWorkload("reviews-v1")
                .setLabels(labels).build()))
            .build()))
        .setCauses(List.of(new SnapshotCause("VirtualService/default/reviews", "mesh.policy.events", 0, 3L,
            Instant.parse("2026-01-02T03:04:05.678Z"))))
        .build();
  }

  @Test
  void shouldRenderPlainJsonInSchemaOrderWithUnionsUnwrappedAndUnsetFieldsLeftOut() throws Exception {
    String json = ProxyConfigCommand.render(snapshot(), ProxyConfigCommand.Output.JSON);
    assertTrue(json.startsWith("{\n  \"proxyId\" : \"client\",\n  \"version\" : 42,"), json);
    assertTrue(json.contains("\"timeoutMs\" : 2000"), "a union shows its value, not {\"long\": ...}: " + json);
    assertTrue(json.contains("\"subset\" : \"v1\""), json);
    assertFalse(json.contains("\"redirect\""), "unset optional fields are left out: " + json);
    assertTrue(json.contains("\"time\" : \"2026-01-02T03:04:05.678Z\""), "timestamps as ISO-8601: " + json);
    assertTrue(json.indexOf("\"app\"") < json.indexOf("\"version\" : \"v1\""), "map keys sorted: " + json);
    assertEquals(json, ProxyConfigCommand.render(snapshot(), ProxyConfigCommand.Output.JSON), "stable output");
  }

  @Test
  void shouldRenderYamlWithTheSameContent() throws Exception {
    String yaml = ProxyConfigCommand.render(snapshot(), ProxyConfigCommand.Output.YAML);
    assertTrue(yaml.startsWith("proxyId: client\nversion: 42\n"), yaml);
    assertTrue(yaml.contains("- name: reviews.default.svc.cluster.local"), yaml);
    assertTrue(yaml.contains("timeoutMs: 2000"), yaml);
  }
}
