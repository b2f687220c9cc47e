package dev.meshlog.engine.ca.signer;

/** What a credential check concludes: the credential proves the identity asked for, or not and why. */
public sealed interface Verdict permits Verdict.Proven, Refusal {

  Verdict PROVEN = new Proven();

  /** The credential proves the identity. */
  record Proven() implements Verdict {}
}
