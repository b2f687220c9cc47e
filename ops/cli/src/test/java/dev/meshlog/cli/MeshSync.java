package dev.meshlog.cli;

import static org.awaitility.Awaitility.await;

import dev.meshlog.avro.AckStatus;
import dev.meshlog.avro.ProxyAck;
import dev.meshlog.avro.ProxySnapshot;
import dev.meshlog.cli.read.LatestValues;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Waits, in the replay and rollback ITs, until the running mesh has settled: every proxy's latest snapshot (read
 * directly from the snapshots topic) passes a check and was ACKed, version and hash, by that proxy (mesh.proxy.acks).
 */
final class MeshSync {

  static final Set<String> PROXIES = Set.of("client", "reviews-v1", "reviews-v2");

  private MeshSync() {}

  /** The acks once every proxy ACKed a snapshot that passes {@code check}, by proxy id. */
  static Map<String, ProxyAck> awaitAcked(MeshUnderTest mesh, Predicate<Map<String, ProxySnapshot>> check) {
    return await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> {
      Map<String, ProxySnapshot> snapshots = LatestValues.read(mesh.bootstrap, mesh.topics.proxySnapshots());
      if (!snapshots.keySet().equals(PROXIES) || !check.test(snapshots)) {
        return null;
      }
      Map<String, ProxyAck> acks = LatestValues.read(mesh.bootstrap, mesh.topics.proxyAcks());
      for (ProxySnapshot s : snapshots.values()) {
        ProxyAck ack = acks.get(s.getProxyId());
        if (ack == null || ack.getStatus() != AckStatus.ACK || ack.getVersion() != s.getVersion() || !ack.getNonce().equals(s.getHash())) {
          return null;
        }
      }
      return acks;
    }, acks -> acks != null);
  }

  /** The client's routes to reviews carry these weights (in cluster name order: v1 then v2). */
  static Predicate<Map<String, ProxySnapshot>> clientWeights(int v1, int v2) {
    return snapshots -> {
      String client = snapshots.get("client").toString().replace(" ", "");
      return client.contains("\"cluster\":\"outbound|80|v1|reviews.default.svc.cluster.local\",\"weight\":" + v1)
          && client.contains("\"cluster\":\"outbound|80|v2|reviews.default.svc.cluster.local\",\"weight\":" + v2);
    };
  }
}
