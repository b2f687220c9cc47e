package dev.meshlog.engine.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.meshlog.avro.EndpointConfig;
import dev.meshlog.schemas.AvroSerde;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A map in another order than its keys' encodes to other bytes: sorted() must fix it, and copy only what it fixes. */
class AvroCanonicalTest {

  private static final AvroSerde<EndpointConfig> SERDE = new AvroSerde<>(EndpointConfig.class);

  private static EndpointConfig endpoint(Map<String, String> labels) {
    return EndpointConfig.newBuilder().setAddress("10.0.0.1").setPort(80).setWorkload("w").setLabels(labels).setWeight(1)
        .setIdentity("").build();
  }

  @Test
  void shouldPutAMapInKeyOrderAndLeaveTheOriginalAsItWas() {
    Map<String, String> reversed = new LinkedHashMap<>();
    reversed.put("version", "v1");
    reversed.put("app", "reviews");
    EndpointConfig original = endpoint(reversed);

    EndpointConfig sorted = AvroCanonical.sorted(original);

    assertNotSame(original, sorted);
    assertEquals(List.of("app", "version"), List.copyOf(sorted.getLabels().keySet()));
    assertEquals(List.of("version", "app"), List.copyOf(original.getLabels().keySet()));
    assertArrayEquals(SERDE.encode(AvroCanonical.copy(original)), SERDE.encode(sorted));
  }

  @Test
  void shouldReturnARecordWhoseMapsAreInKeyOrderAlreadyWithoutCopyingIt() {
    Map<String, String> inOrder = new LinkedHashMap<>();
    inOrder.put("app", "reviews");
    inOrder.put("version", "v1");
    EndpointConfig original = endpoint(inOrder);

    assertSame(original, AvroCanonical.sorted(original));
    assertArrayEquals(SERDE.encode(AvroCanonical.copy(original)), SERDE.encode(original));
  }

  @Test
  void shouldGiveTheSameBytesWhateverOrderAHashMapIteratesIn() {
    Map<String, String> many = new HashMap<>();
    for (int i = 0; i < 50; i++) {
      many.put("label-" + i, "v" + i);
    }
    Map<String, String> other = new LinkedHashMap<>();
    many.keySet().stream().sorted(java.util.Comparator.reverseOrder()).forEach(k -> other.put(k, many.get(k)));

    assertArrayEquals(SERDE.encode(AvroCanonical.sorted(endpoint(many))), SERDE.encode(AvroCanonical.sorted(endpoint(other))));
  }
}
