package dev.meshlog.schemas.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class MutualCompatibilityTest {

  private static Schema record(String fields) {
    return new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"R\",\"namespace\":\"t\",\"fields\":[" + fields + "]}");
  }

  private static final String ID = "{\"name\":\"id\",\"type\":\"string\"}";

  @Test
  void shouldAcceptAFieldAddedWithADefault() {
    Schema v1 = record(ID);
    Schema v2 = record(ID + ",{\"name\":\"note\",\"type\":\"string\",\"default\":\"\"}");
    assertTrue(MutualCompatibility.problems(v2, v1).isEmpty());
  }

  @Test
  void shouldRefuseAFieldAddedWithoutADefault() {
    Schema v1 = record(ID);
    Schema v2 = record(ID + ",{\"name\":\"note\",\"type\":\"string\"}");
    List<String> problems = MutualCompatibility.problems(v2, v1);
    assertEquals(1, problems.size(), problems.toString());
    assertTrue(problems.get(0).startsWith("new reader cannot read old data"), problems.toString());
  }

  @Test
  void shouldRefuseARemovedFieldThatOldReadersNeed() {
    Schema v1 = record(ID + ",{\"name\":\"note\",\"type\":\"string\"}");
    Schema v2 = record(ID);
    List<String> problems = MutualCompatibility.problems(v2, v1);
    assertTrue(problems.stream().anyMatch(p -> p.startsWith("old reader cannot read new data")), problems.toString());
  }

  @Test
  void shouldRefuseAChangedFieldType() {
    assertTrue(!MutualCompatibility.problems(record("{\"name\":\"id\",\"type\":\"int\"}"), record(ID)).isEmpty());
  }

  @Test
  void shouldAcceptANewUnionBranchButNotARemovedOne() {
    String twoKinds = "{\"name\":\"spec\",\"type\":[\"null\",\"string\",\"int\"],\"default\":null}";
    String oneKind = "{\"name\":\"spec\",\"type\":[\"null\",\"string\"],\"default\":null}";
    assertTrue(MutualCompatibility.problems(record(twoKinds), record(oneKind)).isEmpty(), "a new kind is allowed");
    List<String> removed = MutualCompatibility.problems(record(oneKind), record(twoKinds));
    assertTrue(removed.stream().anyMatch(p -> p.startsWith("new reader cannot read old data")), removed.toString());
  }

  @Test
  void shouldParseFilesThatReferToEachOtherInAnyOrder() {
    Map<String, String> sources = new java.util.LinkedHashMap<>();
    sources.put("b.avsc", "{\"type\":\"record\",\"name\":\"B\",\"namespace\":\"t\",\"fields\":[{\"name\":\"a\",\"type\":\"t.A\"}]}");
    sources.put("a.avsc", "{\"type\":\"record\",\"name\":\"A\",\"namespace\":\"t\",\"fields\":[" + ID + "]}");
    assertEquals("A", SchemaSet.parse(sources).get("t.B").getField("a").schema().getName());
  }
}
