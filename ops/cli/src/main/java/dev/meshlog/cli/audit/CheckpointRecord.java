package dev.meshlog.cli.audit;

import dev.meshlog.avro.PolicyCheckpoint;
import java.util.Optional;

/** One record of the checkpoints topic as the auditor found it: where it sits, and the checkpoint or why it does not decode. */
public record CheckpointRecord(int partition, long offset, Optional<PolicyCheckpoint> checkpoint, String undecodable) {

  public static CheckpointRecord of(int partition, long offset, PolicyCheckpoint checkpoint) {
    return new CheckpointRecord(partition, offset, Optional.of(checkpoint), "");
  }

  public static CheckpointRecord undecodable(int partition, long offset, String why) {
    return new CheckpointRecord(partition, offset, Optional.empty(), why);
  }

  String position(String topic) {
    return topic + "-" + partition + "@" + offset;
  }
}
