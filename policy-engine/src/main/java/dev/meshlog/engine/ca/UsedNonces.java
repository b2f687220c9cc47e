package dev.meshlog.engine.ca;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The nonces of bootstrap tokens already redeemed, so a token is good once. A nonce need only be
 * remembered until its token expires; after that the expiry check refuses the token anyway.
 */
public interface UsedNonces {

  /** True the first time {@code nonce} is seen, false for every later time. */
  boolean firstUse(String nonce, Instant expires);

  /** In memory, for one signer process; forgets nonces whose tokens have expired. */
  static UsedNonces inMemory(Clock clock) {
    Map<String, Instant> seen = new HashMap<>();
    return (nonce, expires) -> {
      synchronized (seen) {
        Instant now = clock.instant();
        seen.values().removeIf(until -> !now.isBefore(until));
        return seen.putIfAbsent(nonce, expires) == null;
      }
    };
  }
}
