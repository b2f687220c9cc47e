package dev.meshlog.engine.sequencer;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * What the sequencer remembers of one policy resource: its last generation and whether it exists.
 * A deleted resource keeps its generation, so a re-creation continues the count (generations of a
 * subject stay monotonic across the whole log, which is what consumers compare).
 */
record ResourceGeneration(long generation, boolean exists) {

  static final ResourceGeneration NEVER_SEEN = new ResourceGeneration(0, false);

  ResourceGeneration upserted() {
    return new ResourceGeneration(generation + 1, true);
  }

  ResourceGeneration deleted() {
    return new ResourceGeneration(generation + 1, false);
  }

  /** "generation:exists". */
  static Serde<ResourceGeneration> serde() {
    return Serdes.serdeFrom(
        (topic, r) -> r == null ? null : (r.generation + ":" + r.exists).getBytes(StandardCharsets.UTF_8),
        (topic, bytes) -> {
          if (bytes == null) {
            return null;
          }
          String[] parts = new String(bytes, StandardCharsets.UTF_8).split(":", 2);
          return new ResourceGeneration(Long.parseLong(parts[0]), Boolean.parseBoolean(parts[1]));
        });
  }
}
