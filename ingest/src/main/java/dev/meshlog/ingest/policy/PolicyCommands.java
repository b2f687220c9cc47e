package dev.meshlog.ingest.policy;

import dev.meshlog.avro.Envelope;
import dev.meshlog.avro.Operation;
import dev.meshlog.avro.PolicyCommand;
import dev.meshlog.ingest.policy.model.PolicyResource;
import dev.meshlog.schemas.Subjects;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;

/** Builds policy commands with their attributed envelope. Building does not validate; publishing does. */
public final class PolicyCommands {

  public static final String UPSERT_REQUESTED = "PolicyUpsertRequested";
  public static final String DELETE_REQUESTED = "PolicyDeleteRequested";

  private PolicyCommands() {}

  /** Create or replace {@code resource}, which must have a spec; {@code document} is its source text or null. */
  public static PolicyCommand upsert(PolicyResource resource, String document, Attribution attribution, Clock clock) {
    if (resource.spec().isEmpty()) {
      throw new IllegalArgumentException(resource.subject() + ": an upsert needs a spec");
    }
    return PolicyCommand.newBuilder()
        .setEnvelope(envelope(UPSERT_REQUESTED, resource.subject(), attribution, clock))
        .setOperation(Operation.UPSERT)
        .setApiVersion(resource.apiVersion())
        .setKind(resource.kind())
        .setNamespace(resource.namespace())
        .setName(resource.name())
        .setSpec(resource.spec().get())
        .setDocument(document)
        .build();
  }

  /** Delete the resource {@code kind/namespace/name}; any kind string is accepted here, the validator judges it. */
  public static PolicyCommand delete(String kind, String namespace, String name, Attribution attribution, Clock clock) {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    return PolicyCommand.newBuilder()
        .setEnvelope(envelope(DELETE_REQUESTED, Subjects.of(kind, namespace, name), attribution, clock))
        .setOperation(Operation.DELETE)
        .setApiVersion("")
        .setKind(kind)
        .setNamespace(namespace)
        .setName(name)
        .setSpec(null)
        .setDocument(null)
        .build();
  }

  private static Envelope envelope(String type, String subject, Attribution attribution, Clock clock) {
    return Envelope.newBuilder()
        .setId(UUID.randomUUID().toString())
        .setType(type)
        .setSubject(subject)
        .setActor(attribution.actor())
        .setReason(attribution.reason())
        .setSource(attribution.source())
        // the wire keeps milliseconds; truncating here makes the command equal to its decoded self
        .setTime(clock.instant().truncatedTo(ChronoUnit.MILLIS))
        .setCausationId(null)
        .setPrevHash(null)
        .setHash(null)
        .build();
  }
}
