package dev.meshlog.schemas.compat;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaIncompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

/**
 * Meshlog's evolution rule: a schema change must be compatible both ways. New readers must decode
 * old events (the log keeps policy events forever and replay reads them all), and old readers must
 * decode new events (a proxy is upgraded after the engine that feeds it).
 *
 * <p>One exception, in the old-reads-new direction only: a new branch of a union (a new policy kind).
 * An old reader cannot understand a kind it has never heard of, whatever the encoding; it fails on
 * exactly those records and reads every other one. Readers of a new kind are upgraded before writers.
 */
final class MutualCompatibility {

  private MutualCompatibility() {}

  /** Human-readable problems; empty when {@code current} and {@code previous} are mutually compatible. */
  static List<String> problems(Schema current, Schema previous) {
    List<String> problems = new ArrayList<>();
    check("new reader cannot read old data", current, previous, false, problems);
    check("old reader cannot read new data", previous, current, true, problems);
    return problems;
  }

  private static void check(String direction, Schema reader, Schema writer, boolean allowNewUnionBranch,
      List<String> problems) {
    SchemaPairCompatibility result = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
    if (result.getType() != SchemaCompatibilityType.COMPATIBLE) {
      result.getResult().getIncompatibilities().stream()
          .filter(i -> !(allowNewUnionBranch && i.getType() == SchemaIncompatibilityType.MISSING_UNION_BRANCH))
          .forEach(i -> problems.add(direction + ": " + i.getType() + " at " + i.getLocation() + " (" + i.getMessage() + ")"));
    }
  }
}
