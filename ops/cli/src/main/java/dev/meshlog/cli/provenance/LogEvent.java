package dev.meshlog.cli.provenance;

import dev.meshlog.avro.ClusterEvent;
import dev.meshlog.avro.Envelope;
import dev.meshlog.avro.MeshTrustBundle;
import dev.meshlog.avro.PolicyEvent;
import dev.meshlog.cli.read.LocatedRecord;
import dev.meshlog.schemas.Subjects;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One input event of the snapshot builder as provenance and propagation name it: which resource it
 * changed, who changed it and why, and where it sits in the log. Policy events, cluster events and
 * trust bundles all reduce to this; the subject is the one the engine puts in a snapshot's causes
 * (a bundle is {@code MeshTrustBundle/<trust domain>}, the engine's own key for it).
 *
 * @param change what happened: UPSERT or DELETE, REGISTERED, UPDATED or REMOVED, or ROOTS for a bundle
 * @param generation the resource's generation, for policy events only
 */
public record LogEvent(String subject, String topic, int partition, long offset, Instant time, String actor, String reason,
    String source, String change, Optional<Long> generation) {

  public static final String TRUST_BUNDLE_KIND = "MeshTrustBundle";

  public LogEvent {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(generation, "generation");
  }

  public static LogEvent of(LocatedRecord<String, PolicyEvent> record) {
    PolicyEvent event = record.value();
    return located(record, Subjects.of(event.getKind(), event.getNamespace(), event.getName()), event.getEnvelope(),
        event.getOperation().name(), Optional.of(event.getGeneration()));
  }

  public static LogEvent ofCluster(LocatedRecord<String, ClusterEvent> record) {
    ClusterEvent event = record.value();
    return located(record, record.key(), event.getEnvelope(), event.getChange().name(), Optional.empty());
  }

  public static LogEvent ofBundle(LocatedRecord<String, MeshTrustBundle> record) {
    MeshTrustBundle bundle = record.value();
    return located(record, bundleSubject(bundle.getTrustDomain()), bundle.getEnvelope(), "ROOTS", Optional.empty());
  }

  /** The subject of a trust domain's bundle, as the engine names it in causes. */
  public static String bundleSubject(String trustDomain) {
    return TRUST_BUNDLE_KIND + "/" + trustDomain;
  }

  private static LogEvent located(LocatedRecord<String, ?> record, String subject, Envelope envelope, String change,
      Optional<Long> generation) {
    return new LogEvent(subject, record.topic(), record.partition(), record.offset(), envelope.getTime(), envelope.getActor(),
        envelope.getReason(), envelope.getSource().name(), change, generation);
  }

  /** {@code topic-partition@offset}. */
  public String position() {
    return topic + "-" + partition + "@" + offset;
  }

  public String kind() {
    int slash = subject.indexOf('/');
    return slash < 0 ? subject : subject.substring(0, slash);
  }

  /** True when this is the event at {@code topic-partition@offset}. */
  public boolean at(String topic, int partition, long offset) {
    return this.topic.equals(topic) && this.partition == partition && this.offset == offset;
  }
}
