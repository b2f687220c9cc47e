package dev.meshlog.engine.ca.signer;

import dev.meshlog.engine.ca.UsedNonces;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Redeemed token nonces in a persistent, changelogged store: a replay is refused across restarts
 * and instance moves, and the nonce is written in the same transaction as the certificate it
 * bought (exactly-once), so a crash can neither lose a redemption nor burn a token for nothing.
 * Values are the token's expiry (epoch millis); {@link #sweep} drops the expired ones, since the
 * expiry check refuses those tokens anyway, which keeps the store bounded by the live tokens.
 */
final class StoreUsedNonces implements UsedNonces {

  private final KeyValueStore<String, Long> store;

  StoreUsedNonces(KeyValueStore<String, Long> store) {
    this.store = store;
  }

  @Override
  public boolean firstUse(String nonce, Instant expires) {
    return store.putIfAbsent(nonce, expires.toEpochMilli()) == null;
  }

  /** Deletes the nonces of tokens expired at {@code now}; returns how many. */
  int sweep(Instant now) {
    List<String> expired = new ArrayList<>();
    try (KeyValueIterator<String, Long> all = store.all()) {
      while (all.hasNext()) {
        KeyValue<String, Long> entry = all.next();
        if (entry.value == null || entry.value <= now.toEpochMilli()) {
          expired.add(entry.key);
        }
      }
    }
    expired.forEach(store::delete);
    return expired.size();
  }
}
