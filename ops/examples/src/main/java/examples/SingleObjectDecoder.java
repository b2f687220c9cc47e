package examples;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;

/**
 * Decodes one Avro single-object encoded value to a {@link GenericRecord}, by hand so each step is visible:
 * bytes 1-2 are the marker {@code C3 01}, bytes 3-10 the writer schema's fingerprint (a little-endian long),
 * the rest the Avro binary body, read with the writer schema found in the catalog.
 */
final class SingleObjectDecoder {

  static final int HEADER_LENGTH = 10;

  /** What became of one value; never null. */
  sealed interface Decoded permits Decoded.Record, Decoded.Tombstone, Decoded.UnknownFingerprint, Decoded.Malformed {
    /** Decoded with the writer schema of this fingerprint. */
    record Record(long fingerprint, Schema schema, GenericRecord value) implements Decoded {}

    /** A null value: a deletion on a compacted topic. */
    record Tombstone() implements Decoded {}

    /** Well-formed, but written with a schema the catalog does not have (newer writer, or another catalog). */
    record UnknownFingerprint(long fingerprint) implements Decoded {}

    /** Not single-object encoded, or a body that does not match its schema. */
    record Malformed(String reason) implements Decoded {}
  }

  private final SchemaCatalog catalog;

  SingleObjectDecoder(SchemaCatalog catalog) {
    this.catalog = catalog;
  }

  Decoded decode(byte[] bytes) {
    if (bytes == null) {
      return new Decoded.Tombstone();
    }
    if (bytes.length < HEADER_LENGTH || bytes[0] != (byte) 0xC3 || bytes[1] != (byte) 0x01) {
      return new Decoded.Malformed("not Avro single-object encoding (no C3 01 marker)");
    }
    long fingerprint = ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    var schema = catalog.find(fingerprint);
    if (schema.isEmpty()) {
      return new Decoded.UnknownFingerprint(fingerprint);
    }
    try {
      BinaryDecoder body = DecoderFactory.get().binaryDecoder(bytes, HEADER_LENGTH, bytes.length - HEADER_LENGTH, null);
      GenericRecord value = new GenericDatumReader<GenericRecord>(schema.get()).read(null, body);
      if (!body.isEnd()) {
        return new Decoded.Malformed((bytes.length - HEADER_LENGTH) + " body bytes, but schema " + schema.get().getFullName()
            + " does not read them all");
      }
      return new Decoded.Record(fingerprint, schema.get(), value);
    } catch (IOException | AvroRuntimeException e) {
      return new Decoded.Malformed("body does not match schema " + schema.get().getFullName() + ": " + e.getMessage());
    }
  }
}
