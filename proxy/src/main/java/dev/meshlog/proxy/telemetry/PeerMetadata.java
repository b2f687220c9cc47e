package dev.meshlog.proxy.telemetry;

import java.util.Objects;

/**
 * Who is at the other end of a request, as that end's sidecar said in {@code x-meshlog-peer}
 * ({@link PeerHeader}): labels only. It is never an identity: principals come from certificates.
 * {@link #NONE} (every field "unknown") when the peer sent nothing usable.
 */
public record PeerMetadata(String workload, String namespace, String app, String version) {

  public static final PeerMetadata NONE = new PeerMetadata(RequestOutcome.UNKNOWN, RequestOutcome.UNKNOWN,
      RequestOutcome.UNKNOWN, RequestOutcome.UNKNOWN);

  public PeerMetadata {
    Objects.requireNonNull(workload, "workload");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(app, "app");
    Objects.requireNonNull(version, "version");
  }

  /** {@code mine} unless it is "unknown" or blank, then this peer's {@code theirs}. */
  static String prefer(String mine, String theirs) {
    return mine.isBlank() || RequestOutcome.UNKNOWN.equals(mine) ? theirs : mine;
  }
}
