package dev.meshlog.ingest.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects the validation errors of one document or command, at field paths such as
 * {@code spec.http[0].route[1].weight}. One error per field: the first one is the most specific
 * (a structural error found while reading), so a later rule reporting the same field again is
 * dropped, and so is an error below a field already reported (a broken {@code destination} makes
 * its missing {@code host} noise).
 */
final class Problems {

  /** Errors kept per document: a hostile document can have a million bad fields, and one screen says enough. */
  static final int MAX_ERRORS = 50;

  private final String file;
  private final List<ValidationError> errors = new ArrayList<>();
  private int dropped;

  Problems(String file) {
    this.file = file;
  }

  void add(String path, String reason) {
    for (ValidationError known : errors) {
      if (known.path().equals(path) || isBelow(path, known.path())) {
        return;
      }
    }
    if (errors.size() >= MAX_ERRORS) {
      dropped++;
      return;
    }
    errors.add(new ValidationError(file, path, reason));
  }

  boolean isEmpty() {
    return errors.isEmpty();
  }

  List<ValidationError> list() {
    if (dropped == 0) {
      return List.copyOf(errors);
    }
    List<ValidationError> all = new ArrayList<>(errors);
    all.add(new ValidationError(file, "", "and " + dropped + " more errors not shown"));
    return List.copyOf(all);
  }

  /** {@code parent.name}, or just {@code name} at the top. */
  static String field(String parent, String name) {
    return parent.isEmpty() ? name : parent + "." + name;
  }

  /** {@code parent[index]}. */
  static String item(String parent, int index) {
    return parent + "[" + index + "]";
  }

  private static boolean isBelow(String path, String ancestor) {
    // The document root ("") is everyone's ancestor; errors there never hide field errors.
    return !ancestor.isEmpty() && (path.startsWith(ancestor + ".") || path.startsWith(ancestor + "["));
  }
}
