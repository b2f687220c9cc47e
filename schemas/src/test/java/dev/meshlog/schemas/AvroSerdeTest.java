package dev.meshlog.schemas;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.meshlog.avro.AckStatus;
import dev.meshlog.avro.ProxyAck;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class AvroSerdeTest {

  private final AvroSerde<ProxyAck> serde = new AvroSerde<>(ProxyAck.class);

  private static ProxyAck ack() {
    return ProxyAck.newBuilder().setProxyId("p1").setVersion(7).setNonce("abc").setStatus(AckStatus.NACK)
        .setErrorDetail("route r1 names missing cluster c9").setTime(java.time.Instant.ofEpochMilli(1_700_000_000_000L)).build();
  }

  @Test
  void shouldWriteSingleObjectHeaderWithWriterFingerprint() {
    byte[] bytes = serde.serializer().serialize("t", ack());
    assertEquals((byte) 0xC3, bytes[0]);
    assertEquals((byte) 0x01, bytes[1]);
    long fingerprint = ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    assertEquals(SchemaCatalog.fingerprint(ProxyAck.getClassSchema()), fingerprint);
  }

  @Test
  void shouldRoundTripAndBeDeterministic() {
    byte[] first = serde.serializer().serialize("t", ack());
    byte[] second = serde.serializer().serialize("t", ack());
    assertArrayEquals(first, second);
    assertEquals(ack(), serde.deserializer().deserialize("t", first));
  }

  @Test
  void shouldTreatNullAsTombstone() {
    assertNull(serde.serializer().serialize("t", null));
    assertNull(serde.deserializer().deserialize("t", null));
  }

  @Test
  void shouldRefuseBytesWithAnUnknownFingerprint() {
    byte[] bytes = serde.serializer().serialize("t", ack());
    byte[] forged = Arrays.copyOf(bytes, bytes.length);
    forged[5] ^= 0x5A;
    assertThrows(SerializationException.class, () -> serde.deserializer().deserialize("t", forged));
  }

  @Test
  void shouldPrefixEveryTopicName() {
    Topics topics = Topics.withPrefix("it-1.");
    assertEquals("it-1.mesh.policy.events", topics.policyEvents().name());
    assertEquals("-1", topics.policyEvents().configs().get("retention.ms"));
    assertEquals("compact", topics.proxySnapshots().configs().get("cleanup.policy"));
    assertEquals(20, topics.all().stream().map(TopicSpec::name).distinct().count());
  }
}
