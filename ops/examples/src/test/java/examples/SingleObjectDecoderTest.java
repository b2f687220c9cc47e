package examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.avro.AckStatus;
import dev.meshlog.avro.ProxyAck;
import dev.meshlog.schemas.AvroSerde;
import java.time.Instant;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.api.Test;

class SingleObjectDecoderTest {

  // Parsed from JSON, as the catalog topic delivers it: not the generated class's schema object.
  private static final Schema ACK = new Schema.Parser().parse(ProxyAck.getClassSchema().toString());
  private final SingleObjectDecoder decoder =
      new SingleObjectDecoder(new SchemaCatalog(Map.of(SchemaNormalization.parsingFingerprint64(ACK), ACK)));

  @Test
  void shouldDecodeByTheFingerprintInTheHeaderToAGenericRecord() {
    byte[] bytes = new AvroSerde<>(ProxyAck.class).encode(MeshRecords.ack("p1", 7, AckStatus.NACK, Instant.ofEpochMilli(5)));
    var decoded = assertInstanceOf(SingleObjectDecoder.Decoded.Record.class, decoder.decode(bytes));
    assertEquals("dev.meshlog.avro.ProxyAck", decoded.schema().getFullName());
    assertEquals("p1", decoded.value().get("proxyId").toString());
    assertEquals(7L, decoded.value().get("version"));
    assertEquals("NACK", decoded.value().get("status").toString());
    assertEquals(5L, decoded.value().get("time"));
  }

  @Test
  void shouldReportAnUnknownFingerprintWithItsValue() throws Exception {
    var decoded = assertInstanceOf(SingleObjectDecoder.Decoded.UnknownFingerprint.class, decoder.decode(MeshRecords.unknownValue()));
    assertEquals(SchemaNormalization.parsingFingerprint64(MeshRecords.UNKNOWN), decoded.fingerprint());
  }

  @Test
  void shouldTellTombstonesAndForeignBytesApart() {
    assertInstanceOf(SingleObjectDecoder.Decoded.Tombstone.class, decoder.decode(null));
    var foreign = assertInstanceOf(SingleObjectDecoder.Decoded.Malformed.class, decoder.decode("{\"json\":true}".getBytes()));
    assertTrue(foreign.reason().contains("C3 01"), foreign.reason());
    byte[] truncated = new AvroSerde<>(ProxyAck.class).encode(MeshRecords.ack("p1", 7, AckStatus.ACK, Instant.EPOCH));
    byte[] cut = java.util.Arrays.copyOf(truncated, 14);
    assertInstanceOf(SingleObjectDecoder.Decoded.Malformed.class, decoder.decode(cut));
  }
}
