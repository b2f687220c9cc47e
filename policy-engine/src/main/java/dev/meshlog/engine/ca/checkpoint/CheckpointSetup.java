package dev.meshlog.engine.ca.checkpoint;

import dev.meshlog.engine.ca.signer.CaAuthority;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * What the checkpoint job runs with: the CA whose signing key signs the chain head, the trust
 * domain its bundle is published under, the clock that stamps each checkpoint, and how often the
 * head is signed when it moved.
 */
public record CheckpointSetup(String trustDomain, CaAuthority authority, Clock clock, Duration interval) {

  public CheckpointSetup {
    Objects.requireNonNull(trustDomain, "trustDomain");
    Objects.requireNonNull(authority, "authority");
    Objects.requireNonNull(clock, "clock");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("checkpoint interval must be positive, got " + interval);
    }
  }

  @Override
  public String toString() {
    return "CheckpointSetup[trustDomain=" + trustDomain + ", ca=" + authority.signingCa() + ", interval=" + interval + "]";
  }
}
