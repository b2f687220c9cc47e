package dev.meshlog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.avro.PolicyEvent;
import dev.meshlog.avro.ProxyAck;
import dev.meshlog.schemas.SchemaCatalogPublisher;
import java.util.Map;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class SchemaCatalogViewTest {

  @Test
  void shouldListFingerprintAndRecordNameSortedByName() {
    String ack = SchemaCatalogPublisher.key(ProxyAck.getClassSchema());
    String event = SchemaCatalogPublisher.key(PolicyEvent.getClassSchema());
    String table = SchemaCatalogView.table(Map.of(ack, ProxyAck.getClassSchema().toString(),
        event, PolicyEvent.getClassSchema().toString(), "00000000000000ff", "{not json"));
    String[] lines = table.split("\n");
    assertEquals(4, lines.length, table);
    assertTrue(lines[0].startsWith("FINGERPRINT") && lines[0].endsWith("RECORD"), lines[0]);
    assertEquals("00000000000000ff   (not a valid Avro schema)", lines[1]);
    assertEquals(event + "   dev.meshlog.avro.PolicyEvent", lines[2]);
    assertEquals(ack + "   dev.meshlog.avro.ProxyAck", lines[3]);
  }

  @Test
  void shouldAcceptAFingerprintInAnyCaseAndRefuseAnythingElseNamingTheOption() {
    assertEquals("00ab00cd00ef0012", SchemaCatalogView.fingerprint("0x00AB00CD00EF0012"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SchemaCatalogView.fingerprint("abc"));
    assertTrue(e.getMessage().startsWith("--fingerprint: expected 16 hex digits"), e.getMessage());
  }

  @Test
  void shouldPrintOneSchemaAsParseableJson() {
    String detail = SchemaCatalogView.detail(ProxyAck.getClassSchema().toString());
    assertEquals(ProxyAck.getClassSchema(), new Schema.Parser().parse(detail));
  }
}
