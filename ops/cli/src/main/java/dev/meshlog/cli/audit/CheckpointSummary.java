package dev.meshlog.cli.audit;

import dev.meshlog.avro.PolicyCheckpoint;

/** The last line of {@code audit verify}: how far the signed checkpoints vouch for the chain. */
final class CheckpointSummary {

  private CheckpointSummary() {}

  static String line(String eventsTopic, CheckpointReport report) {
    if (report.newest().isEmpty()) {
      return "checkpoints: none signed yet; " + report.uncovered()
          + " event(s) not covered (a truncated tail cannot be detected until the CA signs one)";
    }
    PolicyCheckpoint newest = report.newest().get();
    return "checkpoints: " + report.genuine() + " signed; newest signed at " + newest.getEnvelope().getTime() + " covers "
        + eventsTopic + "-" + newest.getPartition() + "@" + newest.getOffset() + " (sequence " + newest.getSequence() + "); "
        + report.uncovered() + " event(s) after it not yet covered";
  }
}
