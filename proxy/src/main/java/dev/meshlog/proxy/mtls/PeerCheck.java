package dev.meshlog.proxy.mtls;

/** The verdict on a peer's certificate chain: its SPIFFE identity, or why it is refused. */
public sealed interface PeerCheck {

  /** @param spiffeUri the peer's identity, {@code spiffe://td/ns/x/sa/y} */
  record Verified(String spiffeUri) implements PeerCheck {
  }

  /** @param counter the stat the refusal counts in; @param reason what the log says */
  record Refused(MtlsStats.Counter counter, String reason) implements PeerCheck {
  }
}
