package dev.meshlog.ingest.analysis;

/** How bad a finding is, as istioctl analyze grades its messages. */
public enum Severity {
  /** The configuration will not do what it says (a request fails or a rule is ignored). */
  ERROR,
  /** Probably a mistake, or something that breaks when the mesh changes. */
  WARNING,
  /** Worth knowing; often normal while a rollout is in progress. */
  INFO
}
