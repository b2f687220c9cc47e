package dev.meshlog.ingest.kubernetes.istio;

import dev.meshlog.avro.Source;
import dev.meshlog.ingest.policy.Attribution;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Who changed an Istio object and why, as well as the API server lets us tell: the annotation
 * {@code meshlog.dev/actor} wins, else the manager of the newest managedFields entry (the field manager:
 * {@code kubectl-client-side-apply}, {@code helm}, {@code argocd-controller}...), else {@code kubernetes}.
 */
public final class ObjectAttribution {

  public static final String ACTOR_ANNOTATION = "meshlog.dev/actor";
  public static final String REASON_ANNOTATION = "meshlog.dev/reason";
  public static final String DEFAULT_ACTOR = "kubernetes";

  private ObjectAttribution() {}

  /** The attribution of the object's current state (an add or an update). */
  public static Attribution ofChange(HasMetadata object) {
    ObjectMeta meta = object.getMetadata();
    Optional<ManagedFieldsEntry> newest = newest(meta == null ? null : meta.getManagedFields());
    String actor = annotation(meta, ACTOR_ANNOTATION)
        .or(() -> newest.map(ManagedFieldsEntry::getManager).filter(m -> !m.isBlank()))
        .orElse(DEFAULT_ACTOR);
    String operation = newest.map(ManagedFieldsEntry::getOperation).filter(o -> !o.isBlank()).orElse("Update");
    Long generation = meta == null ? null : meta.getGeneration();
    String reason = annotation(meta, REASON_ANNOTATION).orElseGet(() ->
        operation.toLowerCase() + " via Kubernetes" + (generation == null ? "" : " (generation " + generation + ")"));
    return new Attribution(actor, reason, Source.KUBERNETES);
  }

  /**
   * The attribution of a deletion seen by the informer. Kubernetes does not record who deleted an object, so the
   * last writer would be a guess: only an explicit annotation names someone.
   */
  public static Attribution ofDeletion(HasMetadata object) {
    ObjectMeta meta = object.getMetadata();
    return new Attribution(annotation(meta, ACTOR_ANNOTATION).orElse(DEFAULT_ACTOR),
        annotation(meta, REASON_ANNOTATION).orElse("deleted in Kubernetes"), Source.KUBERNETES);
  }

  /** The attribution of a deletion found at start-up: the object vanished while ingest was down. */
  public static Attribution ofDeletionWhileDown() {
    return new Attribution(DEFAULT_ACTOR, "deleted in Kubernetes while ingest was down", Source.KUBERNETES);
  }

  private static Optional<String> annotation(ObjectMeta meta, String key) {
    Map<String, String> annotations = meta == null ? null : meta.getAnnotations();
    return Optional.ofNullable(annotations == null ? null : annotations.get(key)).map(String::strip).filter(v -> !v.isEmpty());
  }

  /** The newest entry by time; entries without a parsable time count as oldest, ties keep the later entry. */
  static Optional<ManagedFieldsEntry> newest(List<ManagedFieldsEntry> entries) {
    if (entries == null || entries.isEmpty()) {
      return Optional.empty();
    }
    ManagedFieldsEntry best = null;
    Instant bestTime = Instant.MIN;
    for (ManagedFieldsEntry entry : entries) {
      Instant time = time(entry);
      if (entry != null && entry.getManager() != null && (best == null || !time.isBefore(bestTime))) {
        best = entry;
        bestTime = time;
      }
    }
    return Optional.ofNullable(best);
  }

  private static Instant time(ManagedFieldsEntry entry) {
    if (entry == null || entry.getTime() == null) {
      return Instant.MIN;
    }
    try {
      return Instant.parse(entry.getTime());
    } catch (DateTimeParseException e) {
      return Instant.MIN;
    }
  }
}
