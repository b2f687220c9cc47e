package dev.meshlog.engine.wire;

import dev.meshlog.avro.AuthorizationConfig;
import dev.meshlog.avro.ClusterConfig;
import dev.meshlog.avro.EndpointConfig;
import dev.meshlog.avro.InboundPolicy;
import dev.meshlog.avro.MtlsMode;
import dev.meshlog.avro.ProxySnapshot;
import dev.meshlog.avro.RouteConfig;
import dev.meshlog.avro.RouteRule;
import dev.meshlog.avro.SnapshotCause;
import dev.meshlog.avro.SourceOffset;
import dev.meshlog.avro.TcpRouteConfig;
import dev.meshlog.avro.WeightedCluster;
import dev.meshlog.engine.snapshot.LogPosition;
import dev.meshlog.engine.snapshot.ProxyConfig;
import dev.meshlog.schemas.AvroSerde;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** A {@link ProxyConfig} to the {@link ProxySnapshot} wire record, and its content hash. */
public final class SnapshotWire {

  private static final AvroSerde<ProxySnapshot> SERDE = new AvroSerde<>(ProxySnapshot.class);

  private SnapshotWire() {}

  /**
   * The published record: content, its hash, the log position it was built at ({@code version} and
   * {@code sourceOffsets} both come from the position) and the events that changed it since the
   * proxy's previous published snapshot.
   */
  public static ProxySnapshot toAvro(ProxyConfig config, String hash, LogPosition position, List<SnapshotCause> causes) {
    List<SourceOffset> offsets = position.offsets().entrySet().stream()
        .map(e -> new SourceOffset(e.getKey().topic(), e.getKey().partition(), e.getValue()))
        .toList();
    return toAvro(config, position.version(), hash, offsets, causes);
  }

  public static ProxySnapshot toAvro(ProxyConfig config, String hash, LogPosition position) {
    return toAvro(config, hash, position, List.of());
  }

  private static ProxySnapshot toAvro(ProxyConfig config, long version, String hash, List<SourceOffset> sourceOffsets,
      List<SnapshotCause> causes) {
    return toAvro(config, version, hash, sourceOffsets, causes, SnapshotWire::canonicalCluster);
  }

  /**
   * Every part with its maps in key order ({@link AvroCanonical}), part by part rather than the whole record at once, so
   * that {@code clusters} may hand out a cluster already converted for another proxy ({@link ContentEncoder}).
   */
  static ProxySnapshot toAvro(ProxyConfig config, long version, String hash, List<SourceOffset> sourceOffsets,
      List<SnapshotCause> causes, Function<ProxyConfig.Cluster, ClusterConfig> clusters) {
    return ProxySnapshot.newBuilder()
        .setProxyId(config.proxyId())
        .setVersion(version)
        .setHash(hash)
        .setSourceOffsets(new ArrayList<>(sourceOffsets))
        .setRoutes(mapped(config.routes(), r -> AvroCanonical.sorted(route(r))))
        .setClusters(mapped(config.clusters(), clusters))
        .setTcpRoutes(mapped(config.tcpRoutes(), r -> AvroCanonical.sorted(tcpRoute(r))))
        .setInbound(AvroCanonical.sorted(inbound(config.inbound())))
        .setTrustDomain(config.trustDomain())
        .setTrustBundle(new ArrayList<>(config.trustBundle()))
        .setCauses(new ArrayList<>(causes))
        .build();
  }

  /** A cluster's wire record with its endpoints' label maps in key order. */
  static ClusterConfig canonicalCluster(ProxyConfig.Cluster cluster) {
    return AvroCanonical.sorted(cluster(cluster));
  }

  private static <A, B> List<B> mapped(List<A> parts, Function<A, B> convert) {
    List<B> out = new ArrayList<>(parts.size());
    for (A part : parts) {
      out.add(convert.apply(part));
    }
    return out;
  }

  /**
   * SHA-256 hex of the single-object bytes of the snapshot with version 0, hash "", no source
   * offsets and no causes: the content only, so a proxy (or an auditor) can recompute it from what it received.
   */
  public static String contentHash(ProxyConfig config) {
    return hashOf(content(config));
  }

  /** The snapshot's content alone (version 0, no hash, offsets or causes): what {@link #hashOf} hashes. */
  public static ProxySnapshot content(ProxyConfig config) {
    return toAvro(config, 0L, "", new ArrayList<>(), new ArrayList<>());
  }

  /** The same, its clusters converted by {@code clusters}. */
  static ProxySnapshot content(ProxyConfig config, Function<ProxyConfig.Cluster, ClusterConfig> clusters) {
    return toAvro(config, 0L, "", new ArrayList<>(), new ArrayList<>(), clusters);
  }

  /** The content hash of a record made by {@link #content}. */
  public static String hashOf(ProxySnapshot content) {
    return sha256Hex(SERDE.encode(content));
  }

  /**
   * Completes a record made by {@link #content} (it is modified and returned), so a snapshot is
   * converted once and encoded once for its hash rather than built twice.
   */
  public static ProxySnapshot stamp(ProxySnapshot content, String hash, LogPosition position, List<SnapshotCause> causes) {
    content.setHash(hash);
    content.setVersion(position.version());
    content.setSourceOffsets(position.offsets().entrySet().stream()
        .map(e -> new SourceOffset(e.getKey().topic(), e.getKey().partition(), e.getValue()))
        .collect(java.util.stream.Collectors.toCollection(ArrayList::new)));
    content.setCauses(new ArrayList<>(causes));
    return content;
  }

  /**
   * What the builder stores per event for a computed snapshot: proxy id, version, hash and source offsets, the
   * content left out (a restart assembles it again from the restored state and checks it against the hash).
   */
  public static ProxySnapshot marker(ProxySnapshot snapshot) {
    return ProxySnapshot.newBuilder()
        .setProxyId(snapshot.getProxyId())
        .setVersion(snapshot.getVersion())
        .setHash(snapshot.getHash())
        .setSourceOffsets(new ArrayList<>(snapshot.getSourceOffsets()))
        .setRoutes(new ArrayList<>())
        .setClusters(new ArrayList<>())
        .setTcpRoutes(new ArrayList<>())
        .setInbound(null)
        .setTrustDomain(snapshot.getTrustDomain())
        .setTrustBundle(new ArrayList<>())
        .setCauses(new ArrayList<>())
        .build();
  }

  /** Whether a stored snapshot holds its whole content (its hash is its content's), rather than being a {@link #marker}. */
  public static boolean isComplete(ProxySnapshot stored) {
    return contentHash(stored).equals(stored.getHash());
  }

  /** Stamps {@code content} (a record made by {@link #content}) with the version and source offsets of {@code marker}. */
  public static ProxySnapshot stampLike(ProxySnapshot content, ProxySnapshot marker) {
    content.setHash(marker.getHash());
    content.setVersion(marker.getVersion());
    content.setSourceOffsets(new ArrayList<>(marker.getSourceOffsets()));
    content.setCauses(new ArrayList<>());
    return content;
  }

  /** The same hash, recomputed from a received snapshot (whose maps Avro decoded into hash maps: sorted again first). */
  public static String contentHash(ProxySnapshot snapshot) {
    ProxySnapshot content = ProxySnapshot.newBuilder(snapshot).setVersion(0L).setHash("").setSourceOffsets(new ArrayList<>())
        .setCauses(new ArrayList<>()).build();
    return sha256Hex(SERDE.encode(AvroCanonical.copy(content)));
  }

  /** The snapshot without its causes: what two folds of one log agree on whatever the push timing. */
  public static ProxySnapshot withoutCauses(ProxySnapshot snapshot) {
    return ProxySnapshot.newBuilder(snapshot).setCauses(new ArrayList<>()).build();
  }

  private static RouteConfig route(ProxyConfig.Route route) {
    return RouteConfig.newBuilder()
        .setName(route.name())
        .setPort(route.port())
        .setDomains(route.domains())
        .setRules(route.rules().stream().map(SnapshotWire::rule).toList())
        .setProvenance(route.provenance())
        .build();
  }

  private static RouteRule rule(ProxyConfig.Rule r) {
    return RouteRule.newBuilder()
        .setName(r.name())
        .setClusters(weighted(r.clusters()))
        .setMatch(new ArrayList<>(r.match()))
        .setRedirect(r.redirect().orElse(null))
        .setRewrite(r.rewrite().orElse(null))
        .setDirectResponse(r.directResponse().orElse(null))
        .setHeaders(r.headers().orElse(null))
        .setTimeoutMs(r.timeoutMs().orElse(null))
        .setRetries(r.retries().orElse(null))
        .setFault(r.fault().orElse(null))
        .setMirrorCluster(r.mirrorCluster().orElse(null))
        .setMirrorPercentage(r.mirrorPercentage().orElse(null))
        .build();
  }

  private static List<WeightedCluster> weighted(List<ProxyConfig.WeightedCluster> clusters) {
    return clusters.stream().map(c -> new WeightedCluster(c.cluster(), c.weight(), c.headers().orElse(null))).toList();
  }

  private static TcpRouteConfig tcpRoute(ProxyConfig.TcpRoute route) {
    return TcpRouteConfig.newBuilder()
        .setName(route.name())
        .setPort(route.port())
        .setClusters(weighted(route.clusters()))
        .setProvenance(route.provenance())
        .build();
  }

  private static ClusterConfig cluster(ProxyConfig.Cluster cluster) {
    return ClusterConfig.newBuilder()
        .setName(cluster.name())
        .setHost(cluster.host())
        .setSubset(cluster.subset().orElse(null))
        .setPort(cluster.port())
        .setLoadBalancer(cluster.policy().loadBalancer())
        .setConsistentHash(cluster.policy().consistentHash().orElse(null))
        .setConnectionPool(cluster.policy().connectionPool().orElse(null))
        .setOutlierDetection(cluster.policy().outlierDetection().orElse(null))
        .setTls(cluster.policy().tls().orElse(null))
        .setExternal(cluster.external())
        .setResolution(cluster.resolution())
        .setProvenance(cluster.provenance())
        .setEndpoints(cluster.endpoints().stream()
            .map(e -> EndpointConfig.newBuilder().setAddress(e.address()).setPort(e.port()).setWorkload(e.workload())
                .setLabels(new LinkedHashMap<>(e.labels()))
                .setWeight(e.weight())
                .setIdentity(e.identity())
                .build())
            .toList())
        .build();
  }

  private static InboundPolicy inbound(ProxyConfig.Inbound inbound) {
    Map<String, MtlsMode> ports = new LinkedHashMap<>();
    inbound.portLevelMtls().forEach((port, mode) -> ports.put(Integer.toString(port), mode));
    return InboundPolicy.newBuilder()
        .setMtlsMode(inbound.mtlsMode())
        .setPortLevelMtls(ports)
        .setAuthorization(inbound.authorization().stream()
            .map(a -> AuthorizationConfig.newBuilder().setName(a.name()).setAction(a.action()).setRules(new ArrayList<>(a.rules())).build())
            .toList())
        .setProvenance(inbound.provenance())
        .build();
  }

  static String sha256Hex(byte[] bytes) {
    return HexFormat.of().formatHex(sha256().digest(bytes));
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
