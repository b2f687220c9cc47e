package dev.meshlog.cli;

import java.util.Locale;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * What {@code meshlog schemas} prints from the catalog topic (fingerprint -> schema JSON): a table of
 * fingerprints and record names, or one schema in full.
 */
final class SchemaCatalogView {

  private SchemaCatalogView() {}

  /** The fingerprint a user typed, as the catalog keys it (16 lowercase hex digits); the message names the option. */
  static String fingerprint(String typed) {
    String hex = typed.trim().toLowerCase(Locale.ROOT);
    if (hex.startsWith("0x")) {
      hex = hex.substring(2);
    }
    if (!hex.matches("[0-9a-f]{16}")) {
      throw new IllegalArgumentException("--fingerprint: expected 16 hex digits (as listed by meshlog schemas), got '" + typed + "'");
    }
    return hex;
  }

  /** FINGERPRINT and RECORD of every entry, sorted by record name then fingerprint (two versions of a record sit together). */
  static String table(Map<String, String> catalog) {
    TextTable table = new TextTable("FINGERPRINT", "RECORD");
    catalog.entrySet().stream()
        .map(e -> new String[] {e.getKey(), recordName(e.getValue())})
        .sorted((a, b) -> a[1].equals(b[1]) ? a[0].compareTo(b[0]) : a[1].compareTo(b[1]))
        .forEach(table::row);
    return table.render();
  }

  /**
   * One schema, pretty-printed and nothing else, so it can be saved as an .avsc or piped to jq; JSON that
   * does not parse is shown as it is, since that is what a consumer would get.
   */
  static String detail(String json) {
    try {
      return new Schema.Parser().parse(json).toString(true) + "\n";
    } catch (SchemaParseException e) {
      return json + "\n";
    }
  }

  static String recordName(String json) {
    try {
      return new Schema.Parser().parse(json).getFullName();
    } catch (SchemaParseException e) {
      return "(not a valid Avro schema)";
    }
  }
}
