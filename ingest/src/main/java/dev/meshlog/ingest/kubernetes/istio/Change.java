package dev.meshlog.ingest.kubernetes.istio;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

/** One informer notification, queued for the sync's loop: the informer's thread only enqueues. */
sealed interface Change permits Change.Upserted, Change.Deleted {

  GenericKubernetesResource object();

  /** Added, updated or replayed by a resync: its current state. */
  record Upserted(GenericKubernetesResource object) implements Change {}

  /** Deleted: its last known state. */
  record Deleted(GenericKubernetesResource object) implements Change {}
}
