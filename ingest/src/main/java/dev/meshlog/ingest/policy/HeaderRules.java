package dev.meshlog.ingest.policy;

import static dev.meshlog.ingest.policy.AvroValues.list;
import static dev.meshlog.ingest.policy.AvroValues.map;
import static dev.meshlog.ingest.policy.Problems.field;
import static dev.meshlog.ingest.policy.Problems.item;

import dev.meshlog.avro.HeaderOperations;
import dev.meshlog.avro.HeadersSpec;
import java.util.regex.Pattern;

/** Rules of header operations: every name a valid HTTP header name (an RFC 7230 token). */
final class HeaderRules {

  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

  private HeaderRules() {}

  static boolean isHeaderName(String name) {
    return name != null && TOKEN.matcher(name).matches();
  }

  static void check(HeadersSpec headers, String path, Problems problems) {
    if (headers != null) {
      check(headers.getRequest(), field(path, "request"), problems);
      check(headers.getResponse(), field(path, "response"), problems);
    }
  }

  private static void check(HeaderOperations operations, String path, Problems problems) {
    if (operations == null) {
      return;
    }
    map(operations.getSet()).keySet().forEach(name -> checkName(name, field(field(path, "set"), name), problems));
    map(operations.getAdd()).keySet().forEach(name -> checkName(name, field(field(path, "add"), name), problems));
    for (int i = 0; i < list(operations.getRemove()).size(); i++) {
      checkName(operations.getRemove().get(i), item(field(path, "remove"), i), problems);
    }
  }

  private static void checkName(String name, String path, Problems problems) {
    if (!isHeaderName(name)) {
      problems.add(path, "'" + name + "' is not a valid header name");
    }
  }
}
