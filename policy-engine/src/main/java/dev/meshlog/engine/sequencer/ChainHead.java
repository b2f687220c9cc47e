package dev.meshlog.engine.sequencer;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/** The end of the chain: the last sequence number given and that event's hash (null before the first). */
record ChainHead(long sequence, String hash) {

  static final ChainHead GENESIS = new ChainHead(0, null);

  ChainHead next(String nextHash) {
    return new ChainHead(sequence + 1, nextHash);
  }

  /** "sequence:hash", readable in the changelog with any console consumer. */
  static Serde<ChainHead> serde() {
    return Serdes.serdeFrom(
        (topic, head) -> head == null ? null
            : (head.sequence + ":" + (head.hash == null ? "" : head.hash)).getBytes(StandardCharsets.UTF_8),
        (topic, bytes) -> {
          if (bytes == null) {
            return null;
          }
          String text = new String(bytes, StandardCharsets.UTF_8);
          int colon = text.indexOf(':');
          String hash = text.substring(colon + 1);
          return new ChainHead(Long.parseLong(text.substring(0, colon)), hash.isEmpty() ? null : hash);
        });
  }
}
