package dev.meshlog.cli.faults.controlplane;

import static org.awaitility.Awaitility.await;

import dev.meshlog.avro.AckStatus;
import dev.meshlog.avro.ProxyAck;
import dev.meshlog.avro.ProxySnapshot;
import dev.meshlog.cli.read.LatestValues;
import dev.meshlog.schemas.Topics;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * When the faulted mesh has settled, judged from its own topics only: every expected event is committed, and each
 * proxy runs its latest snapshot and ACKed that version and hash (check (c)), the same in two reads apart.
 */
public final class Convergence {

  private Convergence() {}

  /** Waits for it and returns the proxies' settled snapshots' hashes, by proxy id. */
  public static Map<String, String> settle(String bootstrap, Topics topics, DataPlane plane, int expectedEvents, Duration atMost) {
    AtomicReference<Map<String, String>> last = new AtomicReference<>(Map.of());
    return await().atMost(atMost).pollInterval(Duration.ofMillis(1000)).ignoreExceptions().until(() -> {
      if (EventLogAudit.committedEvents(bootstrap, topics) != expectedEvents) {
        return null;
      }
      Map<String, ProxySnapshot> snapshots = LatestValues.read(bootstrap, topics.proxySnapshots());
      Map<String, ProxyAck> acks = LatestValues.read(bootstrap, topics.proxyAcks());
      Map<String, String> applied = plane.appliedHashes();
      Map<String, String> settled = new TreeMap<>();
      for (Map.Entry<String, String> proxy : applied.entrySet()) {
        ProxySnapshot snapshot = snapshots.get(proxy.getKey());
        ProxyAck ack = acks.get(proxy.getKey());
        if (snapshot == null || ack == null || !snapshot.getHash().equals(proxy.getValue()) || ack.getStatus() != AckStatus.ACK
            || ack.getVersion() != snapshot.getVersion() || !ack.getNonce().equals(snapshot.getHash())) {
          last.set(Map.of());
          return null;
        }
        settled.put(proxy.getKey(), snapshot.getHash() + "@" + snapshot.getVersion());
      }
      return settled.equals(last.getAndSet(settled)) ? hashesOnly(settled) : null;
    }, h -> h != null);
  }

  private static Map<String, String> hashesOnly(Map<String, String> withVersions) {
    Map<String, String> hashes = new TreeMap<>();
    withVersions.forEach((id, hv) -> hashes.put(id, hv.substring(0, hv.indexOf('@'))));
    return hashes;
  }
}
