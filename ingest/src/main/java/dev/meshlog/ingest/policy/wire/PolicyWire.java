package dev.meshlog.ingest.policy.wire;

import dev.meshlog.avro.PolicyCommand;
import dev.meshlog.avro.PolicyEvent;
import dev.meshlog.ingest.policy.model.PolicyKind;
import dev.meshlog.ingest.policy.model.PolicyResource;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;

/**
 * Reads the identity and spec of an Avro policy command or event. Total: a record built in Java may
 * carry nulls where the schema forbids them (only decoding enforces the schema); identity nulls
 * become empty strings and the rules read specs null-safely, so the sequencer never sees a
 * NullPointerException.
 */
public final class PolicyWire {

  private PolicyWire() {}

  public static PolicyResource toResource(PolicyCommand command) {
    return new PolicyResource(text(command.getApiVersion()), text(command.getKind()), text(command.getNamespace()),
        text(command.getName()), spec(command.getSpec()));
  }

  public static PolicyResource toResource(PolicyEvent event) {
    return new PolicyResource(text(event.getApiVersion()), text(event.getKind()), text(event.getNamespace()),
        text(event.getName()), spec(event.getSpec()));
  }

  /** The value of a {@code spec} union field when it is one of the six kinds' specs; empty otherwise. */
  public static Optional<SpecificRecord> spec(Object spec) {
    return PolicyKind.ofSpec(spec).map(kind -> (SpecificRecord) spec);
  }

  private static String text(String value) {
    return value == null ? "" : value;
  }
}
