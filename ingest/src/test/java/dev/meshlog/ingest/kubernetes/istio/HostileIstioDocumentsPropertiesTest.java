package dev.meshlog.ingest.kubernetes.istio;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.meshlog.ingest.policy.ValidationError;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Whatever spec an Istio object from the API server holds (any JSON: deep, wide, wrongly typed, odd text), its
 * conversion returns a command or a refusal with reasons, and never throws: one object must not stop the sync.
 */
class HostileIstioDocumentsPropertiesTest {

  private static final List<Object> LEAVES = List.of("reviews", "", "rev\u0000iews", "r\uD800", "\u202Ereviews", 42, -1L, 1e308,
      true, "x".repeat(5_000), "(a+)+$", "((a{1000}){1000}){1000}", "(a)\\1", List.of(), Map.of());
  private static final List<String> KEYS = List.of("hosts", "http", "match", "uri", "regex", "route", "destination", "host",
      "weight", "headers", "tcp", "gateways", "exact", "prefix", "x", "\u0000");

  @Property(tries = 200)
  void shouldConvertOrRefuseAnySpecWithoutThrowing(@ForAll @IntRange(min = 0, max = 400) int depth,
      @ForAll @IntRange(min = 0, max = 3_000) int width, @ForAll Random random) {
    Object spec = tree(depth, width, random);
    Map<String, Object> specMap = spec instanceof Map<?, ?> ? castMap(spec) : Map.of("hosts", spec);
    Conversion conversion = assertTimeoutPreemptively(Duration.ofSeconds(30),
        () -> IstioDocuments.convert(IstioObjects.virtualService("default", "hostile", specMap), Clock.systemUTC()));
    assertNotNull(conversion);
    if (conversion instanceof Conversion.Refused refused) {
      assertFalse(refused.errors().isEmpty());
      for (ValidationError error : refused.errors()) {
        assertFalse(error.reason().isBlank(), error::toString);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> castMap(Object value) {
    return (Map<String, Object>) value;
  }

  /** A chain {@code depth} deep whose every level is a map or a list, with {@code width} leaves spread over it. */
  private static Object tree(int depth, int width, Random random) {
    Object value = LEAVES.get(random.nextInt(LEAVES.size()));
    for (int level = 0; level < depth; level++) {
      if (random.nextBoolean()) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put(KEYS.get(random.nextInt(KEYS.size())), value);
        value = map;
      } else {
        List<Object> list = new ArrayList<>();
        list.add(value);
        value = list;
      }
    }
    if (width > 0) {
      List<Object> wide = new ArrayList<>();
      for (int i = 0; i < width; i++) {
        wide.add(LEAVES.get(random.nextInt(LEAVES.size())));
      }
      Map<String, Object> top = new LinkedHashMap<>();
      top.put("hosts", wide);
      top.put("http", value);
      return top;
    }
    return value;
  }
}
