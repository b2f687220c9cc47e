package dev.meshlog.engine.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The persistent map answers as a TreeMap given the same puts and removes would, and an update never shows in an older version. */
class PersistentSortedMapTest {

  record Op(boolean put, String key, int value) {}

  @Provide
  Arbitrary<List<Op>> ops() {
    Arbitrary<String> keys = Arbitraries.strings().withChars("abcdefgh/").ofMinLength(0).ofMaxLength(4);
    return Combinators.combine(Arbitraries.of(true, true, false), keys, Arbitraries.integers().between(0, 9))
        .as(Op::new).list().ofMaxSize(200);
  }

  @Property(tries = 300)
  void answersAsATreeMapAndKeepsEveryOlderVersion(@ForAll("ops") List<Op> ops) {
    PersistentSortedMap<String, Integer> map = PersistentSortedMap.empty();
    TreeMap<String, Integer> reference = new TreeMap<>();
    List<PersistentSortedMap<String, Integer>> versions = new ArrayList<>();
    List<TreeMap<String, Integer>> expected = new ArrayList<>();
    for (Op op : ops) {
      if (op.put()) {
        map = map.with(op.key(), op.value());
        reference.put(op.key(), op.value());
      } else {
        map = map.without(op.key());
        reference.remove(op.key());
      }
      assertSameAnswers(reference, map);
      versions.add(map);
      expected.add(new TreeMap<>(reference));
    }
    for (int i = 0; i < versions.size(); i++) {
      assertSameAnswers(expected.get(i), versions.get(i));
    }
  }

  @Test
  void removingAnAbsentKeyGivesTheSameMap() {
    PersistentSortedMap<String, Integer> map = PersistentSortedMap.<String, Integer>empty().with("a", 1);
    assertSame(map, map.without("b"));
  }

  @Test
  void staysBalancedUnderSortedInsertsAndRemoves() {
    // an unbalanced tree would recurse 200,000 deep here and overflow the stack
    PersistentSortedMap<String, Integer> map = PersistentSortedMap.empty();
    for (int i = 0; i < 200_000; i++) {
      map = map.with(String.format("Workload/ns/w%07d", i), i);
    }
    for (int i = 0; i < 100_000; i++) {
      map = map.without(String.format("Workload/ns/w%07d", i));
    }
    assertEquals(100_000, map.size());
    assertEquals("Workload/ns/w0100000", map.firstKey());
    assertEquals(100_000, map.firstValue());
    assertEquals("Workload/ns/w0199999", map.lastKey());
  }

  private static void assertSameAnswers(TreeMap<String, Integer> expected, PersistentSortedMap<String, Integer> actual) {
    assertEquals(expected, actual);
    assertEquals(expected.hashCode(), actual.hashCode());
    assertEquals(expected.size(), actual.size());
    assertEquals(List.copyOf(expected.entrySet()), List.copyOf(actual.entrySet()), "iteration order");
    assertEquals(expected.isEmpty(), actual.isEmpty());
    if (!expected.isEmpty()) {
      assertEquals(expected.firstKey(), actual.firstKey());
      assertEquals(expected.lastKey(), actual.lastKey());
      assertEquals(expected.firstEntry().getValue(), actual.firstValue());
    }
    for (String probe : List.of("", "a", "b/", "d", "h", "hhhh")) {
      assertEquals(expected.get(probe), actual.get(probe));
      assertEquals(expected.containsKey(probe), actual.containsKey(probe));
      assertEquals(expected.headMap(probe), actual.headMap(probe));
      assertEquals(List.copyOf(expected.tailMap(probe).keySet()), List.copyOf(actual.tailMap(probe).keySet()));
    }
    SortedMap<String, Integer> range = actual.subMap("b", "e");
    assertEquals(expected.subMap("b", "e"), range);
    assertTrue(range.keySet().stream().allMatch(k -> k.compareTo("b") >= 0 && k.compareTo("e") < 0));
  }
}
