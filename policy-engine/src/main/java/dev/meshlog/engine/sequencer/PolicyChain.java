package dev.meshlog.engine.sequencer;

import dev.meshlog.avro.Envelope;
import dev.meshlog.avro.Operation;
import dev.meshlog.avro.PolicyCommand;
import dev.meshlog.avro.PolicyEvent;
import dev.meshlog.schemas.AvroSerde;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.UUID;

/**
 * The policy hash chain: how an accepted command becomes the next {@link PolicyEvent}, and how anyone
 * holding the events (an auditor, {@code meshlog audit verify}) recomputes each link.
 *
 * <p>{@code hash = SHA-256 hex of (prevHash or "") ++ single-object bytes of the event with hash = null}.
 * Everything that goes into an event comes from the command and the chain head, never from a clock
 * or a random source, so replaying the commands yields the same chain.
 */
public final class PolicyChain {

  public static final String UPSERTED = "PolicyUpserted";
  public static final String DELETED = "PolicyDeleted";

  private static final AvroSerde<PolicyEvent> SERDE = new AvroSerde<>(PolicyEvent.class);

  private PolicyChain() {}

  /** The event that records {@code command} as link {@code sequence} after {@code prevHash} (null: first link). */
  public static PolicyEvent append(PolicyCommand command, String subject, long sequence, long generation, String prevHash) {
    Envelope in = command.getEnvelope();
    Envelope envelope = Envelope.newBuilder(in)
        .setId(UUID.nameUUIDFromBytes(in.getId().getBytes(StandardCharsets.UTF_8)).toString())
        .setType(command.getOperation() == Operation.DELETE ? DELETED : UPSERTED)
        .setSubject(subject)
        .setCausationId(in.getId())
        .setPrevHash(prevHash)
        .setHash(null)
        .build();
    PolicyEvent event = PolicyEvent.newBuilder()
        .setEnvelope(envelope)
        .setSequence(sequence)
        .setGeneration(generation)
        .setOperation(command.getOperation())
        .setApiVersion(command.getApiVersion())
        .setKind(command.getKind())
        .setNamespace(command.getNamespace())
        .setName(command.getName())
        .setSpec(command.getSpec())
        .setDocument(command.getDocument())
        .build();
    event.getEnvelope().setHash(hashOf(event));
    return event;
  }

  /** The hash {@code event} must carry, recomputed from its content and its {@code prevHash}. */
  public static String hashOf(PolicyEvent event) {
    PolicyEvent unsealed = PolicyEvent.newBuilder(event).build();
    unsealed.getEnvelope().setHash(null);
    String prevHash = unsealed.getEnvelope().getPrevHash();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.writeBytes((prevHash == null ? "" : prevHash).getBytes(StandardCharsets.UTF_8));
    bytes.writeBytes(SERDE.encode(unsealed));
    return sha256Hex(bytes.toByteArray());
  }

  /** True when {@code event} carries its own hash and links to {@code previous} (null: it must be first). */
  public static boolean links(PolicyEvent previous, PolicyEvent event) {
    String expectedPrev = previous == null ? null : previous.getEnvelope().getHash();
    return Objects.equals(expectedPrev, event.getEnvelope().getPrevHash())
        && Objects.equals(hashOf(event), event.getEnvelope().getHash());
  }

  private static String sha256Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
