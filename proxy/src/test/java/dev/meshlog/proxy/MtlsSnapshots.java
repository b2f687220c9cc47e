package dev.meshlog.proxy;

import dev.meshlog.avro.ClientTlsMode;
import dev.meshlog.avro.ClientTlsSpec;
import dev.meshlog.avro.ClusterConfig;
import dev.meshlog.avro.EndpointConfig;
import dev.meshlog.avro.InboundPolicy;
import dev.meshlog.avro.MtlsMode;
import dev.meshlog.avro.ProxySnapshot;
import java.util.List;
import java.util.Map;

/** Snapshots with the mesh security parts: trust domain and bundle, inbound PeerAuthentication, cluster tls. */
final class MtlsSnapshots {

  static final String TRUST_DOMAIN = "cluster.local";
  static final String REVIEWS = "spiffe://cluster.local/ns/default/sa/reviews";
  static final String PRODUCTPAGE = "spiffe://cluster.local/ns/default/sa/productpage";

  private MtlsSnapshots() {}

  /** A server's snapshot: no routes of its own, the bundle, and its PeerAuthentication. */
  static ProxySnapshot server(String proxyId, long version, String rootPem, MtlsMode mode, Map<String, MtlsMode> ports) {
    return ProxySnapshot.newBuilder().setProxyId(proxyId).setVersion(version).setHash("server-" + version)
        .setSourceOffsets(List.of()).setRoutes(List.of()).setClusters(List.of())
        .setInbound(InboundPolicy.newBuilder().setMtlsMode(mode).setPortLevelMtls(Map.copyOf(ports))
            .setAuthorization(List.of()).setProvenance(List.of()).build())
        .setTrustDomain(TRUST_DOMAIN).setTrustBundle(List.of(rootPem)).build();
  }

  /**
   * A client's snapshot routing reviews to one endpoint (the server sidecar's inbound port) whose
   * expected identity is {@code identity}; {@code tls} null = auto mTLS.
   */
  static ProxySnapshot client(String proxyId, int serverPort, String identity, ClientTlsMode tls, String rootPem) {
    EndpointConfig endpoint = EndpointConfig.newBuilder(WireSnapshots.endpoint(serverPort, "reviews-v1", "v1"))
        .setIdentity(identity).build();
    ClusterConfig cluster = ClusterConfig.newBuilder(WireSnapshots.clusterConfig("", List.of(endpoint)))
        .setTls(tls == null ? null : ClientTlsSpec.newBuilder().setMode(tls).build()).build();
    ProxySnapshot base = WireSnapshots.snapshot(proxyId, 1, List.of(WireSnapshots.weighted("", 100)), List.of(cluster));
    return ProxySnapshot.newBuilder(base).setTrustDomain(TRUST_DOMAIN).setTrustBundle(List.of(rootPem)).build();
  }
}
