package dev.meshlog.cli.audit;

import dev.meshlog.avro.PolicyCheckpoint;
import java.util.List;
import java.util.Optional;

/**
 * What checking the signed checkpoints against the chain found.
 *
 * @param findings every checkpoint that does not hold, in checkpoints-topic order (empty: all hold)
 * @param genuine how many checkpoints are signed by the mesh CA
 * @param newest the genuine checkpoint with the highest sequence, if any
 * @param uncovered chain events after the newest genuine checkpoint (all of them when there is none):
 *     a truncation within these would go unnoticed
 */
public record CheckpointReport(List<CheckpointFinding> findings, int genuine, Optional<PolicyCheckpoint> newest, long uncovered) {

  public CheckpointReport {
    findings = List.copyOf(findings);
  }

  public boolean holds() {
    return findings.isEmpty();
  }
}
