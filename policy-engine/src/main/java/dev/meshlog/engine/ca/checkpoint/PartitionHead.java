package dev.meshlog.engine.ca.checkpoint;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The last chain event seen on one events partition, and the offset of the last checkpoint signed
 * for that partition (-1: none yet). Kept in a changelogged store, so a restarted CA neither signs
 * a head twice nor skips one.
 */
record PartitionHead(long offset, long sequence, String hash, long checkpointedOffset) {

  static final long NONE = -1;

  PartitionHead advancedTo(long newOffset, long newSequence, String newHash) {
    return new PartitionHead(newOffset, newSequence, newHash, checkpointedOffset);
  }

  PartitionHead checkpointed() {
    return new PartitionHead(offset, sequence, hash, offset);
  }

  boolean movedSinceCheckpoint() {
    return offset > checkpointedOffset;
  }

  /** "offset:sequence:checkpointedOffset:hash", readable in the changelog with any console consumer. */
  static Serde<PartitionHead> serde() {
    return Serdes.serdeFrom(
        (topic, head) -> head == null ? null
            : (head.offset + ":" + head.sequence + ":" + head.checkpointedOffset + ":" + head.hash).getBytes(StandardCharsets.UTF_8),
        (topic, bytes) -> {
          if (bytes == null) {
            return null;
          }
          String[] parts = new String(bytes, StandardCharsets.UTF_8).split(":", 4);
          return new PartitionHead(Long.parseLong(parts[0]), Long.parseLong(parts[1]), parts[3], Long.parseLong(parts[2]));
        });
  }
}
