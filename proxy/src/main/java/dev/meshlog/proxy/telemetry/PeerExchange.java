package dev.meshlog.proxy.telemetry;

import io.netty.handler.codec.http.HttpHeaders;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * One sidecar's side of the peer metadata exchange: the {@code x-meshlog-peer} value it sends (on
 * requests to mesh workloads, and on inbound responses to callers that sent theirs), and the reading
 * and stripping of the peer's value, so neither the app nor an external client ever sees one. A
 * missing value is normal (a caller outside the mesh); a malformed or oversized one is ignored, its
 * labels stay "unknown", and it is counted, never failing the request. Event-loop safe: no locks.
 */
public final class PeerExchange {

  /** No exchange: strips the header both ways but sends none (a sidecar whose labels cannot be written). */
  public static final PeerExchange OFF = new PeerExchange(Optional.empty());

  private final String own;
  private final LongAdder accepted = new LongAdder();
  private final LongAdder rejected = new LongAdder();

  private PeerExchange(Optional<String> own) {
    this.own = own.orElse(null);
  }

  public static PeerExchange of(ReportingWorkload self) {
    return new PeerExchange(PeerHeader.encode(self));
  }

  /** Removes every {@code x-meshlog-peer} from {@code headers}: whatever an app or an unknown client set. */
  public static void strip(HttpHeaders headers) {
    headers.remove(PeerHeader.NAME);
  }

  /**
   * Reads the peer's value and removes it from {@code headers}. {@code null} when there was none;
   * {@link PeerMetadata#NONE} when it was unusable (counted).
   */
  public PeerMetadata take(HttpHeaders headers) {
    String value = headers.get(PeerHeader.NAME);
    if (value == null) {
      return null;
    }
    headers.remove(PeerHeader.NAME);
    Optional<PeerMetadata> peer = PeerHeader.decode(value);
    if (peer.isEmpty()) {
      rejected.increment();
      return PeerMetadata.NONE;
    }
    accepted.increment();
    return peer.get();
  }

  /** Sets this sidecar's value (replacing any), when it has one. */
  public void offer(HttpHeaders headers) {
    if (own != null) {
      headers.set(PeerHeader.NAME, own);
    }
  }

  /** Peer values read and used. */
  public long accepted() {
    return accepted.sum();
  }

  /** Peer values ignored: malformed, of another version, or longer than {@value PeerHeader#MAX_LENGTH}. */
  public long rejected() {
    return rejected.sum();
  }
}
