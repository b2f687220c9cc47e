package dev.meshlog.ingest.kubernetes;

import dev.meshlog.avro.Source;
import dev.meshlog.ingest.policy.Attribution;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Who made a Kubernetes object what it is: the annotation {@code meshlog.dev/actor} when present (a
 * pipeline that applies on a person's behalf can say so), else the manager of the newest managedFields
 * entry that wrote the object itself (e.g. {@code kubectl-client-side-apply}, {@code kube-controller-manager}),
 * else "kubernetes". Entries on a subresource ({@code status}) are passed over while there are others: on a
 * running pod the newest entry is nearly always the kubelet reporting status, which says nothing about who
 * made the pod what it is.
 */
public final class ObjectActor {

  public static final String ACTOR_ANNOTATION = "meshlog.dev/actor";
  public static final String REASON_ANNOTATION = "meshlog.dev/reason";
  public static final String DEFAULT_ACTOR = "kubernetes";

  /** Removals: the object is gone, and nothing on it says who deleted it. */
  public static final Attribution REMOVED_BY = new Attribution(DEFAULT_ACTOR, "", Source.KUBERNETES);

  private ObjectActor() {}

  public static Attribution of(HasMetadata object) {
    ObjectMeta meta = object.getMetadata();
    Map<String, String> annotations = meta.getAnnotations() == null ? Map.of() : meta.getAnnotations();
    String reason = annotations.getOrDefault(REASON_ANNOTATION, "");
    String annotated = annotations.get(ACTOR_ANNOTATION);
    if (annotated != null && !annotated.isBlank()) {
      return new Attribution(annotated, reason, Source.KUBERNETES);
    }
    return new Attribution(newestManager(meta.getManagedFields()).orElse(DEFAULT_ACTOR), reason, Source.KUBERNETES);
  }

  /** The manager of the newest entry on the object itself (or, if there is none, on a subresource); ties: the last listed. */
  static Optional<String> newestManager(List<ManagedFieldsEntry> entries) {
    if (entries == null || entries.isEmpty()) {
      return Optional.empty();
    }
    Optional<String> author = newest(entries, true);
    return author.isPresent() ? author : newest(entries, false);
  }

  private static Optional<String> newest(List<ManagedFieldsEntry> entries, boolean objectOnly) {
    ManagedFieldsEntry newest = null;
    Comparator<ManagedFieldsEntry> byTime = Comparator.comparing(ObjectActor::time);
    for (ManagedFieldsEntry entry : entries) {
      boolean onSubresource = entry.getSubresource() != null && !entry.getSubresource().isEmpty();
      if (entry.getManager() != null && !entry.getManager().isBlank() && !(objectOnly && onSubresource)
          && (newest == null || byTime.compare(entry, newest) >= 0)) {
        newest = entry;
      }
    }
    return Optional.ofNullable(newest).map(ManagedFieldsEntry::getManager);
  }

  private static Instant time(ManagedFieldsEntry entry) {
    try {
      return entry.getTime() == null ? Instant.MIN : Instant.parse(entry.getTime());
    } catch (DateTimeParseException e) {
      return Instant.MIN;
    }
  }
}
