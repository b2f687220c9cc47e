package dev.meshlog.cli.audit;

import java.time.Instant;

/** What checking one checkpoint against the chain found wrong; each prints as one line. */
public sealed interface CheckpointFinding {

  String line();

  /** A genuine checkpoint covers a record past the end of the chain: the tail was cut off. */
  record Truncated(Instant signedAt, String eventsTopic, int partition, long offset, long sequence, String chainEnd)
      implements CheckpointFinding {
    @Override
    public String line() {
      return "truncated: checkpoint signed at " + signedAt + " covers " + eventsTopic + "-" + partition + "@" + offset
          + " (sequence " + sequence + ") but " + chainEnd;
    }
  }

  /** A genuine checkpoint names a chain record whose hash is not the one it signed: the chain was rewritten. */
  record Mismatch(String eventsTopic, int partition, long offset, long sequence, String detail) implements CheckpointFinding {
    @Override
    public String line() {
      return "checkpoint mismatch at " + eventsTopic + "-" + partition + "@" + offset + " (sequence " + sequence + "): " + detail;
    }
  }

  /** A record on the checkpoints topic the mesh CA did not sign (or that is not a checkpoint at all). */
  record Forged(String checkpointsTopic, int partition, long offset, String why) implements CheckpointFinding {
    @Override
    public String line() {
      return "forged checkpoint at " + checkpointsTopic + "-" + partition + "@" + offset + ": " + why;
    }
  }
}
