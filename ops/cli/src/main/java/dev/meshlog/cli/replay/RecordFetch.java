package dev.meshlog.cli.replay;

import java.util.Optional;

/** Reads one input record again by its position: for the rare walk back past the inputs a replay keeps in memory. */
public interface RecordFetch {

  Optional<InputRecord> at(String topic, int partition, long offset);

  /** For replays that keep every input they may need (tests, short logs). */
  RecordFetch NONE = (topic, partition, offset) -> Optional.empty();
}
