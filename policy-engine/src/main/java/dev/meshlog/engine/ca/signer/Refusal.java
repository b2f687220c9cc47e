package dev.meshlog.engine.ca.signer;

import java.util.Objects;

/** A refused request: the reason and a short explanation, rendered {@code "REASON: detail"}. */
public record Refusal(RefusalReason reason, String detail) implements Verdict, Decision {

  public Refusal {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(detail, "detail");
  }

  /** What the audit record carries. */
  public String text() {
    return reason + ": " + detail;
  }
}
