package dev.meshlog.engine.status;

import dev.meshlog.avro.AckStatus;
import dev.meshlog.avro.ClusterChange;
import dev.meshlog.avro.ClusterEvent;
import dev.meshlog.avro.PolicyRollout;
import dev.meshlog.avro.ProxyAck;
import dev.meshlog.avro.ProxyNack;
import dev.meshlog.avro.ProxySnapshot;
import dev.meshlog.avro.ProxyStatus;
import dev.meshlog.avro.ProxySyncState;
import dev.meshlog.avro.SnapshotCause;
import dev.meshlog.avro.WorkloadResource;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The status job's edge: Avro inputs to its state records, and its state records to Avro outputs. */
final class StatusWire {

  private StatusWire() {}

  /** A snapshot record as input; a tombstone is the proxy withdrawn. */
  /**
   * What status needs of a snapshot (id, version, hash, causes) in the snapshot's own schema, so the
   * repartition copies a few hundred bytes instead of every route and cluster.
   */
  static ProxySnapshot slim(ProxySnapshot snapshot) {
    if (snapshot == null) {
      return null;
    }
    return ProxySnapshot.newBuilder().setProxyId(snapshot.getProxyId()).setVersion(snapshot.getVersion())
        .setHash(snapshot.getHash()).setRoutes(java.util.List.of()).setClusters(java.util.List.of())
        .setCauses(snapshot.getCauses()).build();
  }

  static ProxyInput of(ProxySnapshot snapshot) {
    if (snapshot == null) {
      return new ProxyInput.Withdrawn();
    }
    return new ProxyInput.Sent(snapshot.getVersion(), snapshot.getHash(), causes(snapshot));
  }

  static ProxyInput of(ProxyAck ack) {
    return new ProxyInput.Answered(answer(ack), ack.getStatus() == AckStatus.ACK);
  }

  /** A cluster event already known to be about a proxy (see {@link #proxyId}). */
  static ProxyInput of(ClusterEvent event) {
    return event.getChange() == ClusterChange.REMOVED ? new ProxyInput.Deregistered() : new ProxyInput.Registered();
  }

  private static List<Cause> causes(ProxySnapshot snapshot) {
    List<SnapshotCause> causes = snapshot.getCauses() == null ? List.of() : snapshot.getCauses();
    return causes.stream()
        .map(c -> new Cause(c.getSubject(), c.getTopic(), c.getPartition(), c.getOffset(), c.getTime().toEpochMilli()))
        .toList();
  }

  private static ProxyState.Answer answer(ProxyAck ack) {
    String error = ack.getErrorDetail() == null ? "" : ack.getErrorDetail();
    if (ack.getStatus() == AckStatus.NACK && error.isBlank()) {
      error = "refused without detail";
    }
    return new ProxyState.Answer(ack.getVersion(), ack.getNonce(), ack.getTime().toEpochMilli(), error);
  }

  /** The proxy a cluster event is about: only workloads with a sidecar have one. */
  static Optional<String> proxyId(ClusterEvent event) {
    if (event.getResource() instanceof WorkloadResource workload && workload.getProxyId() != null
        && !workload.getProxyId().isBlank()) {
      return Optional.of(workload.getProxyId());
    }
    return Optional.empty();
  }

  static ProxyStatus toAvro(ProxyState proxy, long timeMs) {
    ProxyStatus.Builder out = ProxyStatus.newBuilder()
        .setProxyId(proxy.proxyId())
        .setState(ProxySyncState.valueOf(proxy.sync().name()))
        .setTime(Instant.ofEpochMilli(timeMs));
    if (proxy.sent() != null) {
      out.setSentVersion(proxy.sent().version()).setSentHash(proxy.sent().hash())
          .setSentTime(Instant.ofEpochMilli(proxy.sent().timeMs()));
    }
    if (proxy.acked() != null) {
      out.setAckedVersion(proxy.acked().version()).setAckedHash(proxy.acked().hash())
          .setAckedTime(Instant.ofEpochMilli(proxy.acked().timeMs()));
    }
    if (proxy.nacked() != null) {
      out.setNackedVersion(proxy.nacked().version()).setNackError(proxy.nacked().error());
    }
    return out.build();
  }

  static PolicyRollout toAvro(Rollout rollout, long timeMs) {
    Cause cause = rollout.cause();
    PolicyRollout.Builder out = PolicyRollout.newBuilder()
        .setSubject(cause.subject())
        .setTopic(cause.topic())
        .setPartition(cause.partition())
        .setOffset(cause.offset())
        .setEventTime(Instant.ofEpochMilli(cause.eventTimeMs()))
        .setAffected(rollout.affected())
        .setApplied(rollout.appliedCount())
        .setPending(rollout.pendingProxies())
        .setNacks(rollout.nacks().stream().map(n -> new ProxyNack(n.proxyId(), n.version(), n.error())).toList())
        .setTime(Instant.ofEpochMilli(timeMs));
    rollout.latency().ifPresent(l -> out.setApplyP50Ms(l.p50Ms()).setApplyP99Ms(l.p99Ms()).setApplyMaxMs(l.maxMs()));
    return out.build();
  }
}
