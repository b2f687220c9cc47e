package dev.meshlog.ingest.policy;

/**
 * One reason a policy document or command is refused: where (the file, or the record's subject when
 * the command came from a topic), which field (a path such as {@code spec.http[0].route[1].weight})
 * and why.
 */
public record ValidationError(String file, String path, String reason) {

  @Override
  public String toString() {
    return file + ": " + path + ": " + reason;
  }
}
