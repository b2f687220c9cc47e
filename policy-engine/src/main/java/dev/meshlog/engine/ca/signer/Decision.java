package dev.meshlog.engine.ca.signer;

import dev.meshlog.engine.ca.IssuedChain;
import dev.meshlog.engine.ca.SpiffeId;

/** The signer's answer to one request: a certificate, or a refusal. */
public sealed interface Decision permits Decision.Issued, Refusal {

  /** A certificate for {@code identity}. */
  record Issued(SpiffeId identity, IssuedChain chain) implements Decision {}
}
