package dev.meshlog.ingest.policy.model;

import dev.meshlog.schemas.Subjects;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;

/**
 * A policy resource as the rules see it, whether it came from a YAML document or from a typed
 * command on a topic. The spec is the Avro spec record itself (one of the six kinds' specs): ingest
 * exists to produce exactly that record, so a mirror model would duplicate some forty types and
 * protect nothing; the rules read it null-safely instead. The spec is absent for a delete (and for
 * a document whose kind is unknown).
 */
public record PolicyResource(String apiVersion, String kind, String namespace, String name, Optional<SpecificRecord> spec) {

  /** The record key of this resource on the policy topics. */
  public String subject() {
    return Subjects.of(kind, namespace, name);
  }
}
