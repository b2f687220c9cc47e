package dev.meshlog.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.avro.AckStatus;
import dev.meshlog.avro.ProxyAck;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class SchemaCatalogPublisherTest {

  @Test
  void shouldKeyEveryMessageTypeByItsFingerprintAsSixteenHexDigits() {
    Map<String, String> entries = SchemaCatalogPublisher.entries();
    assertEquals(SchemaCatalog.MESSAGES.size(), entries.size());
    entries.forEach((key, json) -> {
      assertTrue(key.matches("[0-9a-f]{16}"), key);
      Schema parsed = new Schema.Parser().parse(json);
      assertEquals(key, String.format("%016x", SchemaCatalog.fingerprint(parsed)), "the JSON alone reproduces the fingerprint");
    });
  }

  @Test
  void shouldUseTheWireFingerprintBytesReversed() {
    ProxyAck ack = ProxyAck.newBuilder().setProxyId("p").setVersion(1).setNonce("n").setStatus(AckStatus.ACK)
        .setTime(Instant.ofEpochMilli(1)).build();
    byte[] wire = new AvroSerde<>(ProxyAck.class).encode(ack);
    StringBuilder reversed = new StringBuilder();
    for (int i = 9; i >= 2; i--) {
      reversed.append(HexFormat.of().toHexDigits(wire[i]));
    }
    String key = reversed.toString();
    assertEquals(SchemaCatalogPublisher.key(ProxyAck.getClassSchema()), key);
    assertTrue(SchemaCatalogPublisher.entries().get(key).contains("\"ProxyAck\""));
  }
}
