package dev.meshlog.engine.ca;

/** A bootstrap credential the signer refuses, with the reason the audit record and the metric name. */
public final class TokenRejectedException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  public enum Reason {
    /** Not a token this mesh issues (wrong shape or version). */
    MALFORMED,
    /** The MAC does not verify: forged, altered, or from another mesh's key. */
    BAD_MAC,
    /** Past its expiry. */
    EXPIRED,
    /** Issued for another workload identity than the one the request asks for. */
    FOREIGN,
    /** Already used once: a replay. */
    REPLAYED
  }

  private final Reason reason;

  public TokenRejectedException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
