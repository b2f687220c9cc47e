package dev.meshlog.cli.propagation;

import dev.meshlog.schemas.KafkaClientSettings;
import dev.meshlog.avro.ProxyAck;
import dev.meshlog.avro.ProxySnapshot;
import dev.meshlog.cli.read.TopicScan;
import dev.meshlog.schemas.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What the log still holds of one proxy's conversation with the engine: its snapshots (log order,
 * since its last (re)registration) and its ACKs and NACKs (log order). The snapshots topic is
 * compacted, so the snapshots are a suffix of what was sent: the cleaner keeps at most the newest
 * record per key below its cleaning point and everything above it.
 */
public record ProxyTimeline(String proxyId, List<ProxySnapshot> snapshots, List<ProxyAck> acks) {

  public ProxyTimeline {
    Objects.requireNonNull(proxyId, "proxyId");
    snapshots = List.copyOf(snapshots);
    acks = List.copyOf(acks);
  }

  /** Every live proxy's timeline, read from mesh.proxy.snapshots and mesh.proxy.acks; a tombstoned proxy is gone. */
  public static Map<String, ProxyTimeline> read(String bootstrap, Topics topics) {
    return read(bootstrap, KafkaClientSettings.NONE, topics);
  }

  /** As above, logged in with the cluster's connection and security settings. */
  public static Map<String, ProxyTimeline> read(String bootstrap, KafkaClientSettings client, Topics topics) {
    Map<String, List<ProxySnapshot>> snapshots = new TreeMap<>();
    Map<String, List<ProxyAck>> acks = new TreeMap<>();
    TopicScan.readAll(bootstrap, client, topics.proxySnapshots(), (key, snapshot) -> {
      if (key == null) {
        return;
      }
      if (snapshot == null) {
        snapshots.remove(key); // removed; a later registration starts a new history
      } else {
        snapshots.computeIfAbsent(key, k -> new ArrayList<>()).add(snapshot);
      }
    });
    TopicScan.readAll(bootstrap, client, topics.proxyAcks(), (key, ack) -> {
      if (ack != null) {
        acks.computeIfAbsent(ack.getProxyId(), k -> new ArrayList<>()).add(ack);
      }
    });
    Map<String, ProxyTimeline> timelines = new TreeMap<>();
    snapshots.forEach((id, list) -> timelines.put(id, new ProxyTimeline(id, list, acks.getOrDefault(id, List.of()))));
    return timelines;
  }
}
