package dev.meshlog.engine.status;

import dev.meshlog.avro.PolicyRollout;
import dev.meshlog.avro.ProxyStatus;

/** What the status processor emits; the topology routes each kind to its topic. */
sealed interface StatusChange {

  /** A proxy's new status, keyed by proxy id. */
  record ProxyChanged(ProxyStatus status) implements StatusChange {}

  /** A proxy is gone: a tombstone on the compacted status topic. */
  record ProxyRemoved() implements StatusChange {}

  /** A subject's rollout moved, keyed by subject. */
  record RolloutChanged(PolicyRollout rollout) implements StatusChange {}
}
