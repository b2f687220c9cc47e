package dev.meshlog.schemas;

import dev.meshlog.avro.CertificateAudit;
import dev.meshlog.avro.CertificateRequest;
import dev.meshlog.avro.ClusterEvent;
import dev.meshlog.avro.ConnectionMetric;
import dev.meshlog.avro.ConnectionTelemetry;
import dev.meshlog.avro.MeshTrustBundle;
import dev.meshlog.avro.PolicyCheckpoint;
import dev.meshlog.avro.PolicyCommand;
import dev.meshlog.avro.PolicyEvent;
import dev.meshlog.avro.PolicyStatus;
import dev.meshlog.avro.ProxyAck;
import dev.meshlog.avro.ProxySnapshot;
import dev.meshlog.avro.ProxyStatus;
import dev.meshlog.avro.PolicyRollout;
import dev.meshlog.avro.RequestMetric;
import dev.meshlog.avro.RequestTelemetry;
import dev.meshlog.avro.WorkloadCertificate;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.ClassSecurityValidator;

/**
 * The message types that travel on Meshlog's topics, and the store that resolves a single-object
 * fingerprint back to its writer schema.
 */
public final class SchemaCatalog {

  /** Every top-level record written to a topic. */
  public static final List<Class<? extends SpecificRecord>> MESSAGES = List.of(
      PolicyCommand.class, PolicyEvent.class, PolicyStatus.class, ClusterEvent.class,
      ProxySnapshot.class, ProxyAck.class, ProxyStatus.class, PolicyRollout.class,
      RequestTelemetry.class, RequestMetric.class, ConnectionTelemetry.class, ConnectionMetric.class,
      CertificateRequest.class, WorkloadCertificate.class, CertificateAudit.class, MeshTrustBundle.class, PolicyCheckpoint.class);

  private static final SchemaStore.Cache STORE = new SchemaStore.Cache();

  static {
    for (Class<? extends SpecificRecord> type : MESSAGES) {
      STORE.addSchema(schemaOf(type));
    }
    trustGeneratedClasses();
  }

  private SchemaCatalog() {}

  /**
   * Makes Avro trust the generated classes (done once, when this class loads). Entry points call it
   * before anything builds a record: a builder filling a default list of records already needs it.
   */
  public static void trustGenerated() {
    // the static initializer does the work
  }

  /** Resolves fingerprints of every schema this build knows. */
  public static SchemaStore store() {
    return STORE;
  }

  public static Schema schemaOf(Class<? extends SpecificRecord> type) {
    try {
      return (Schema) type.getField("SCHEMA$").get(null);
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException(type + " is not a generated Avro record", e);
    }
  }

  /** The 64-bit Rabin fingerprint single-object encoding puts in each message header. */
  public static long fingerprint(Schema schema) {
    return SchemaNormalization.parsingFingerprint64(schema);
  }

  /**
   * Avro 1.12.2 refuses to instantiate classes outside java.* unless trusted; our generated
   * classes (every named type under dev.meshlog.avro) are the only ones we decode into.
   */
  private static void trustGeneratedClasses() {
    ClassSecurityValidator.Builder trusted = ClassSecurityValidator.builder();
    for (Class<? extends SpecificRecord> type : MESSAGES) {
      addNamedTypes(schemaOf(type), trusted, new java.util.HashSet<>());
    }
    ClassSecurityValidator.setGlobal(
        ClassSecurityValidator.composite(ClassSecurityValidator.getGlobal(), trusted.build()));
  }

  private static void addNamedTypes(Schema schema, ClassSecurityValidator.Builder trusted, java.util.Set<String> seen) {
    switch (schema.getType()) {
      case RECORD, ENUM, FIXED -> {
        if (!seen.add(schema.getFullName())) {
          return;
        }
        try {
          trusted.add(Class.forName(schema.getFullName()));
        } catch (ClassNotFoundException e) {
          throw new IllegalStateException("generated class missing for " + schema.getFullName(), e);
        }
        if (schema.getType() == Schema.Type.RECORD) {
          schema.getFields().forEach(f -> addNamedTypes(f.schema(), trusted, seen));
        }
      }
      case ARRAY -> addNamedTypes(schema.getElementType(), trusted, seen);
      case MAP -> addNamedTypes(schema.getValueType(), trusted, seen);
      case UNION -> schema.getTypes().forEach(t -> addNamedTypes(t, trusted, seen));
      default -> { }
    }
  }
}
