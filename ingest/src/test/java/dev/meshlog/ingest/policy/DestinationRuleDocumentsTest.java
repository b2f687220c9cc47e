package dev.meshlog.ingest.policy;

import static dev.meshlog.ingest.policy.Documents.fixture;
import static dev.meshlog.ingest.policy.Documents.parsedOne;
import static dev.meshlog.ingest.policy.Documents.refusedAt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.avro.ClientTlsMode;
import dev.meshlog.avro.ConnectionPoolSpec;
import dev.meshlog.avro.ConsistentHashSpec;
import dev.meshlog.avro.DestinationRuleSpec;
import dev.meshlog.avro.OutlierDetectionSpec;
import dev.meshlog.avro.PortTrafficPolicySpec;
import dev.meshlog.avro.SimpleLb;
import dev.meshlog.avro.SubsetSpec;
import dev.meshlog.avro.TrafficPolicySpec;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DestinationRuleDocumentsTest {

  private static final String HEADER = """
      apiVersion: networking.istio.io/v1
      kind: DestinationRule
      metadata: {name: reviews}
      spec:
        host: reviews
        trafficPolicy:
      """;

  @Test
  void shouldReadTrafficPolicyWithLeastConnAsLeastRequest() {
    DestinationRuleSpec spec = full();
    assertEquals("reviews.shop.svc.cluster.local", spec.getHost());
    TrafficPolicySpec policy = spec.getTrafficPolicy();
    assertEquals(SimpleLb.LEAST_REQUEST, policy.getLoadBalancer().getSimple());
    assertNull(policy.getLoadBalancer().getConsistentHash());
    ConnectionPoolSpec pool = policy.getConnectionPool();
    assertEquals(new ConnectionPoolSpec(100, 30L, 10, 1000, 5, 3, 3_600_000L), pool);
    OutlierDetectionSpec outlier = policy.getOutlierDetection();
    assertEquals(new OutlierDetectionSpec(7, 2, 300_000L, 900_000L, 50), outlier);
    assertEquals(ClientTlsMode.ISTIO_MUTUAL, policy.getTls().getMode());
  }

  @Test
  void shouldReadPortLevelSettings() {
    PortTrafficPolicySpec port = full().getTrafficPolicy().getPortLevelSettings().get(0);
    assertEquals(9080, port.getPort());
    assertEquals(SimpleLb.RANDOM, port.getLoadBalancer().getSimple());
    assertEquals(ClientTlsMode.DISABLE, port.getTls().getMode());
    assertNull(port.getConnectionPool());
    assertNull(port.getOutlierDetection());
  }

  @Test
  void shouldReadSubsetsWithTheirOwnConsistentHashPolicies() {
    DestinationRuleSpec spec = full();
    SubsetSpec v1 = spec.getSubsets().get(0);
    assertEquals("v1", v1.getName());
    assertEquals(Map.of("version", "v1"), v1.getLabels());
    assertEquals(new ConsistentHashSpec(null, "session", "/", 0L, false, 2048L), v1.getTrafficPolicy().getLoadBalancer().getConsistentHash());
    assertEquals(new ConsistentHashSpec("x-user", null, null, null, false, 1024L),
        spec.getSubsets().get(1).getTrafficPolicy().getLoadBalancer().getConsistentHash());
    assertEquals(1, spec.getSubsets().get(1).getTrafficPolicy().getConnectionPool().getMaxRetries());
    assertTrue(spec.getSubsets().get(2).getTrafficPolicy().getLoadBalancer().getConsistentHash().getUseSourceIp());
    assertFalse(spec.getSubsets().get(0).getTrafficPolicy().getLoadBalancer().getConsistentHash().getUseSourceIp());
  }

  @Test
  void shouldRefuseLoadBalancersIstioHasButMeshlogNot() {
    refusedAt(HEADER + "    loadBalancer: {simple: PASSTHROUGH}\n", "spec.trafficPolicy.loadBalancer.simple", "PASSTHROUGH is not supported");
    refusedAt(HEADER + "    loadBalancer: {simple: UNSPECIFIED}\n", "spec.trafficPolicy.loadBalancer.simple", "not supported");
    refusedAt(HEADER + "    loadBalancer: {simple: FASTEST}\n", "spec.trafficPolicy.loadBalancer.simple", "unknown value 'FASTEST'");
    refusedAt(HEADER + "    loadBalancer: {consistentHash: {maglev: {}}}\n", "spec.trafficPolicy.loadBalancer.consistentHash.maglev",
        "not supported");
  }

  @Test
  void shouldRefuseConsistentHashWithTwoKeysOrNone() {
    refusedAt(HEADER + "    loadBalancer: {consistentHash: {httpHeaderName: x-user, useSourceIp: true}}\n",
        "spec.trafficPolicy.loadBalancer.consistentHash", "exactly one of httpHeaderName, httpCookie, useSourceIp");
    refusedAt(HEADER + "    loadBalancer: {consistentHash: {minimumRingSize: 16}}\n",
        "spec.trafficPolicy.loadBalancer.consistentHash", "exactly one");
    refusedAt(HEADER + "    loadBalancer: {simple: RANDOM, consistentHash: {useSourceIp: true}}\n",
        "spec.trafficPolicy.loadBalancer", "exactly one of simple, consistentHash");
  }

  @Test
  void shouldRefuseClientTlsModesNeedingCertificates() {
    refusedAt(HEADER + "    tls: {mode: SIMPLE}\n", "spec.trafficPolicy.tls.mode", "SIMPLE is not supported");
    refusedAt(HEADER + "    tls: {mode: MUTUAL, credentialName: x}\n", "spec.trafficPolicy.tls.credentialName", "not supported");
  }

  @Test
  void shouldRefuseOutOfRangeLimitsAndDurations() {
    refusedAt(HEADER + "    outlierDetection: {maxEjectionPercent: 150}\n", "spec.trafficPolicy.outlierDetection.maxEjectionPercent",
        "between 0 and 100");
    refusedAt(HEADER + "    outlierDetection: {interval: 0s}\n", "spec.trafficPolicy.outlierDetection.interval", "at least 1ms");
    refusedAt(HEADER + "    connectionPool: {tcp: {maxConnections: -1}}\n", "spec.trafficPolicy.connectionPool.tcp.maxConnections",
        "at least 0");
    refusedAt(HEADER + "    connectionPool: {http: {idleTimeout: forever}}\n", "spec.trafficPolicy.connectionPool.http.idleTimeout",
        "not a duration");
  }

  @Test
  void shouldRefuseAValueOfTheWrongTypeNamingWhatItMustBe() {
    refusedAt(HEADER + "    outlierDetection: {maxEjectionPercent: many}\n",
        "spec.trafficPolicy.outlierDetection.maxEjectionPercent", "must be an integer");
    refusedAt(HEADER + "    outlierDetection: {maxEjectionPercent: 12.5}\n",
        "spec.trafficPolicy.outlierDetection.maxEjectionPercent", "must be an integer");
    refusedAt(HEADER + "    loadBalancer: {consistentHash: {useSourceIp: \"yes\"}}\n",
        "spec.trafficPolicy.loadBalancer.consistentHash.useSourceIp", "must be true or false");
  }

  @Test
  void shouldRefuseDuplicateOrMissingPortLevelPorts() {
    refusedAt(HEADER + """
            portLevelSettings:
            - {port: {number: 80}, tls: {mode: DISABLE}}
            - {port: {number: 80}, tls: {mode: ISTIO_MUTUAL}}
        """, "spec.trafficPolicy.portLevelSettings[1].port.number", "duplicate port 80");
    refusedAt(HEADER + "    portLevelSettings: [{tls: {mode: DISABLE}}]\n", "spec.trafficPolicy.portLevelSettings[0].port.number",
        "is required");
  }

  @Test
  void shouldRefuseUnsupportedFieldsAtTheirPaths() {
    refusedAt(HEADER + "    tunnel: {protocol: CONNECT}\n", "spec.trafficPolicy.tunnel", "not supported by Meshlog");
    refusedAt(HEADER + "    connectionPool: {tcp: {tcpKeepalive: {time: 1s}}}\n", "spec.trafficPolicy.connectionPool.tcp.tcpKeepalive",
        "not supported by Meshlog");
    refusedAt(HEADER.replace("  trafficPolicy:\n", "  exportTo: [\".\"]\n"), "spec.exportTo", "not supported by Meshlog");
  }

  private static DestinationRuleSpec full() {
    return assertInstanceOf(DestinationRuleSpec.class, parsedOne(fixture("destinationrule-full.yaml")).getSpec());
  }
}
