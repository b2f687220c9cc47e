package dev.meshlog.engine.wire;

import dev.meshlog.avro.ClusterConfig;
import dev.meshlog.avro.EndpointConfig;
import dev.meshlog.avro.ProxySnapshot;
import dev.meshlog.avro.RouteConfig;
import dev.meshlog.avro.RouteRule;
import dev.meshlog.avro.SourceOffset;
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
import java.util.TreeMap;

/** A {@link ProxyConfig} to the {@link ProxySnapshot} wire record, and its content hash. */
public final class SnapshotWire {

  private static final AvroSerde<ProxySnapshot> SERDE = new AvroSerde<>(ProxySnapshot.class);

  private SnapshotWire() {}

  /**
   * The published record: content, its hash, and the log position it was built at ({@code version}
   * and {@code sourceOffsets} both come from the position).
   */
  public static ProxySnapshot toAvro(ProxyConfig config, String hash, LogPosition position) {
    List<SourceOffset> offsets = position.offsets().entrySet().stream()
        .map(e -> new SourceOffset(e.getKey().topic(), e.getKey().partition(), e.getValue()))
        .toList();
    return toAvro(config, position.version(), hash, offsets);
  }

  private static ProxySnapshot toAvro(ProxyConfig config, long version, String hash, List<SourceOffset> sourceOffsets) {
    return ProxySnapshot.newBuilder()
        .setProxyId(config.proxyId())
        .setVersion(version)
        .setHash(hash)
        .setSourceOffsets(new ArrayList<>(sourceOffsets))
        .setRoutes(config.routes().stream().map(SnapshotWire::route).toList())
        .setClusters(config.clusters().stream().map(SnapshotWire::cluster).toList())
        .build();
  }

  /**
   * SHA-256 hex of the single-object bytes of the snapshot with version 0, hash "" and no source
   * offsets: the content only, so a proxy (or an auditor) can recompute it from what it received.
   */
  public static String contentHash(ProxyConfig config) {
    return sha256Hex(SERDE.encode(toAvro(config, 0L, "", List.of())));
  }

  /**
   * The same hash, recomputed from a received snapshot. Avro decodes maps into hash maps, so the
   * endpoint labels are put back in key order first, as they were when the hash was made.
   */
  public static String contentHash(ProxySnapshot snapshot) {
    ProxySnapshot content = ProxySnapshot.newBuilder(snapshot).setVersion(0L).setHash("").setSourceOffsets(new ArrayList<>()).build();
    content.getClusters().forEach(c -> c.getEndpoints().forEach(e -> e.setLabels(new LinkedHashMap<>(new TreeMap<>(e.getLabels())))));
    return sha256Hex(SERDE.encode(content));
  }

  private static RouteConfig route(ProxyConfig.Route route) {
    return RouteConfig.newBuilder()
        .setName(route.name())
        .setPort(route.port())
        .setDomains(route.domains())
        .setRules(route.rules().stream()
            .map(r -> RouteRule.newBuilder().setName(r.name())
                .setClusters(r.clusters().stream().map(c -> new WeightedCluster(c.cluster(), c.weight())).toList())
                .build())
            .toList())
        .setProvenance(route.provenance())
        .build();
  }

  private static ClusterConfig cluster(ProxyConfig.Cluster cluster) {
    return ClusterConfig.newBuilder()
        .setName(cluster.name())
        .setHost(cluster.host())
        .setSubset(cluster.subset().orElse(null))
        .setPort(cluster.port())
        .setLoadBalancer(cluster.loadBalancer())
        .setEndpoints(cluster.endpoints().stream()
            .map(e -> EndpointConfig.newBuilder().setAddress(e.address()).setPort(e.port()).setWorkload(e.workload())
                // insertion-ordered copy of the sorted labels: Avro writes a map in iteration order
                .setLabels(new LinkedHashMap<>(e.labels()))
                .build())
            .toList())
        .build();
  }

  static String sha256Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
