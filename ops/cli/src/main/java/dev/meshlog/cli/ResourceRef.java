package dev.meshlog.cli;

import dev.meshlog.schemas.Subjects;

/** One policy resource named on the command line as {@code KIND/NAMESPACE/NAME}; the kind may be any alias. */
public record ResourceRef(String kind, String namespace, String name) {

  /** Parses {@code KIND/NS/NAME}; a bad reference is refused naming what was expected. */
  public static ResourceRef parse(String text) {
    String[] parts = text.split("/", -1);
    if (parts.length != 3 || parts[0].isBlank() || parts[1].isBlank() || parts[2].isBlank()) {
      throw new IllegalArgumentException("expected KIND/NAMESPACE/NAME (e.g. VirtualService/default/reviews), got '" + text + "'");
    }
    return new ResourceRef(PolicyKinds.single(parts[0]), parts[1], parts[2]);
  }

  /** The record key: {@code Kind/ns/name}. */
  public String subject() {
    return Subjects.of(kind, namespace, name);
  }
}
