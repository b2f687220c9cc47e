package dev.meshlog.engine.status;

import java.util.List;
import java.util.Objects;

/**
 * What the status job knows of one proxy: the newest snapshot sent to it, its newest ACK and NACK,
 * and the causes it was sent but has not applied yet (the only rollouts its next answer may move).
 * {@code sent}, {@code acked} and {@code nacked} are null until the first one; kept as nulls, not
 * Optionals, because this record is the store's JSON form; read them through {@link #sync()}.
 *
 * @param pending causes sent to this proxy and not yet covered by an ACK, at most one per subject
 */
record ProxyState(String proxyId, Sent sent, Answer acked, Answer nacked, List<PendingCause> pending) {

  /** A snapshot the engine published: its version, content hash and publish time. */
  record Sent(long version, String hash, long timeMs) {}

  /** A proxy's ACK or NACK of a version; {@code error} is empty for an ACK. */
  record Answer(long version, String hash, long timeMs, String error) {}

  /** A cause this proxy was sent, and the first of its snapshot versions that carried it. */
  record PendingCause(Cause cause, long version) {}

  enum Sync { NOT_SENT, SYNCED, STALE, NACKED }

  ProxyState {
    Objects.requireNonNull(proxyId, "proxyId");
    pending = pending == null ? List.of() : List.copyOf(pending);
  }

  /** A registered proxy that has been sent nothing yet. */
  static ProxyState known(String proxyId) {
    return new ProxyState(proxyId, null, null, null, List.of());
  }

  /**
   * The sync state against the newest version sent. An ACK of that version (or a later one seen out
   * of order) wins over a NACK: the proxy runs what it ACKed.
   */
  Sync sync() {
    if (sent == null) {
      return Sync.NOT_SENT;
    }
    if (acked != null && acked.version() >= sent.version()) {
      return Sync.SYNCED;
    }
    if (nacked != null && nacked.version() >= sent.version()) {
      return Sync.NACKED;
    }
    return Sync.STALE;
  }

  /** True when a snapshot of this version must be ignored: a newer one was already sent. */
  boolean sentNewerThan(long version) {
    return sent != null && sent.version() > version;
  }

  /** True when exactly this snapshot is the newest sent (a replayed or duplicated record). */
  boolean isSent(long version, String hash) {
    return sent != null && sent.version() == version && sent.hash().equals(hash);
  }

  boolean ackedAtLeast(long version) {
    return acked != null && acked.version() >= version;
  }

  boolean nackedAtLeast(long version) {
    return nacked != null && nacked.version() >= version;
  }

  ProxyState withSent(Sent newest, List<PendingCause> nowPending) {
    return new ProxyState(proxyId, newest, acked, nacked, nowPending);
  }

  /** Keeps the newest ACK: an older ACK arriving late does not move ackedVersion back. */
  ProxyState withAck(Answer ack, List<PendingCause> nowPending) {
    Answer newest = acked == null || ack.version() >= acked.version() ? ack : acked;
    return new ProxyState(proxyId, sent, newest, nacked, nowPending);
  }

  ProxyState withNack(Answer nack, List<PendingCause> nowPending) {
    Answer newest = nacked == null || nack.version() >= nacked.version() ? nack : nacked;
    return new ProxyState(proxyId, sent, acked, newest, nowPending);
  }
}
