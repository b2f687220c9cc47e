package dev.meshlog.cli.propagation;

import dev.meshlog.avro.AckStatus;
import dev.meshlog.avro.PolicyRollout;
import dev.meshlog.avro.ProxyAck;
import dev.meshlog.avro.ProxyNack;
import dev.meshlog.avro.ProxySnapshot;
import dev.meshlog.avro.SnapshotCause;
import dev.meshlog.cli.provenance.EventLog;
import dev.meshlog.cli.provenance.LogEvent;
import dev.meshlog.cli.provenance.SnapshotPosition;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The pure computation of how one change reached the proxies: for each proxy, the first snapshot
 * version that carried it (the snapshot naming the event in its causes), then the first ACK of that
 * version or a later one, else the newest NACK of one, else pending. This follows the engine's
 * status job, so the delays and their nearest-rank percentiles match its rollout record.
 *
 * <p>Snapshots are compacted: when a proxy's oldest retained snapshot was built after the event and does
 * not name it, the one that first carried it may be gone. Such a proxy is not guessed at: it is taken
 * from the rollout when that is the same change (pending or NACKed), else reported UNKNOWN, and left
 * out only when the rollout already accounts for every affected proxy. A proxy whose oldest retained
 * snapshot is its first since it registered did not exist at the change, so it was not affected.
 */
public final class Propagation {

  private Propagation() {}

  public static PropagationReport of(LogEvent event, Collection<ProxyTimeline> timelines, EventLog log,
      Optional<PolicyRollout> rollout) {
    Optional<PolicyRollout> same = rollout.filter(r -> event.at(r.getTopic(), r.getPartition(), r.getOffset()));
    List<Delivery> known = new ArrayList<>();
    List<String> ambiguous = new ArrayList<>();
    for (ProxyTimeline timeline : timelines) {
      if (timeline.snapshots().isEmpty()) {
        continue;
      }
      Optional<ProxySnapshot> carrying = timeline.snapshots().stream().filter(s -> names(s, event)).findFirst();
      if (carrying.isPresent()) {
        known.add(delivery(timeline, carrying.get().getVersion(), event));
      } else if (mayHaveLost(timeline, event, log)) {
        ambiguous.add(timeline.proxyId());
      }
    }
    List<Delivery> deliveries = new ArrayList<>(known);
    List<Delivery> unresolved = new ArrayList<>();
    for (String proxyId : ambiguous) {
      Delivery fromRollout = fromRollout(proxyId, same);
      (fromRollout.outcome() == Delivery.Outcome.UNKNOWN ? unresolved : deliveries).add(fromRollout);
    }
    boolean allAccountedFor = same.map(r -> deliveries.size() >= r.getAffected()).orElse(false);
    if (!allAccountedFor) {
      deliveries.addAll(unresolved);
    }
    return new PropagationReport(event, deliveries, same);
  }

  private static Delivery delivery(ProxyTimeline timeline, long version, LogEvent event) {
    long eventMs = event.time().toEpochMilli();
    Optional<ProxyAck> ack = timeline.acks().stream()
        .filter(a -> a.getStatus() == AckStatus.ACK && a.getVersion() >= version).findFirst();
    if (ack.isPresent()) {
      return Delivery.applied(timeline.proxyId(), version, ack.get().getTime(), ack.get().getVersion(),
          ack.get().getTime().toEpochMilli() - eventMs);
    }
    Optional<ProxyAck> nack = timeline.acks().stream()
        .filter(a -> a.getStatus() == AckStatus.NACK && a.getVersion() >= version).reduce((first, second) -> second);
    if (nack.isPresent()) {
      ProxyAck n = nack.get();
      return Delivery.nacked(timeline.proxyId(), Optional.of(version), Optional.of(n.getTime()), n.getVersion(),
          Optional.of(n.getTime().toEpochMilli() - eventMs), n.getErrorDetail() == null ? "" : n.getErrorDetail());
    }
    return Delivery.pending(timeline.proxyId(), Optional.of(version));
  }

  /**
   * True when the snapshot that first carried the event may have been compacted away: the oldest
   * retained one was built at or after the event, and is not the proxy's first since it registered.
   */
  private static boolean mayHaveLost(ProxyTimeline timeline, LogEvent event, EventLog log) {
    ProxySnapshot oldest = timeline.snapshots().get(0);
    if (!SnapshotPosition.of(oldest).reached(event.topic(), event.partition(), event.offset())) {
      return false; // built before the event, and every later snapshot is retained: none carried it
    }
    return !firstSinceRegistration(oldest, timeline.proxyId(), log);
  }

  private static boolean firstSinceRegistration(ProxySnapshot snapshot, String proxyId, EventLog log) {
    return snapshot.getCauses().stream()
        .filter(c -> c.getSubject().startsWith("Workload/") && c.getSubject().endsWith("/" + proxyId))
        .anyMatch(c -> log.at(c.getSubject(), c.getTopic(), c.getPartition(), c.getOffset())
            .map(e -> e.change().equals("REGISTERED")).orElse(false));
  }

  private static Delivery fromRollout(String proxyId, Optional<PolicyRollout> rollout) {
    if (rollout.isPresent()) {
      for (ProxyNack nack : rollout.get().getNacks()) {
        if (nack.getProxyId().equals(proxyId)) {
          return Delivery.nacked(proxyId, Optional.empty(), Optional.empty(), nack.getVersion(), Optional.empty(), nack.getError());
        }
      }
      if (rollout.get().getPending().contains(proxyId)) {
        return Delivery.pending(proxyId, Optional.empty());
      }
    }
    return Delivery.unknown(proxyId);
  }

  private static boolean names(ProxySnapshot snapshot, LogEvent event) {
    for (SnapshotCause cause : snapshot.getCauses()) {
      if (event.at(cause.getTopic(), cause.getPartition(), cause.getOffset())) {
        return true;
      }
    }
    return false;
  }
}
