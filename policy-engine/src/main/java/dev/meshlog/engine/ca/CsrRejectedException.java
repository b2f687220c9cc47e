package dev.meshlog.engine.ca;

/**
 * The signer refused a certificate request. The reason is an enum so the caller (later the Kafka
 * CA job) can count and report refusals by kind without parsing messages.
 */
public final class CsrRejectedException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  /** Why a CSR was refused. */
  public enum Reason {
    /** The CSR's self-signature does not verify: it was altered or its signer lacks the key. */
    BAD_SIGNATURE,
    /** The CSR asks for a SAN other than exactly the identity being issued. */
    IDENTITY_MISMATCH,
    /** The CSR's public key is of an unsupported type or too weak. */
    WEAK_KEY,
    /** The requested lifetime is not positive or would outlive the signing CA. */
    BAD_TTL,
    /** The CSR could not be parsed. */
    MALFORMED
  }

  private final Reason reason;

  public CsrRejectedException(Reason reason, String message) {
    this(reason, message, null);
  }

  public CsrRejectedException(Reason reason, String message, Throwable cause) {
    super(reason + ": " + message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
