package dev.meshlog.schemas;

/**
 * Record keys of the policy and cluster topics: {@code kind/namespace/name}, the identity of what
 * the record describes (so compaction and partitioning follow the resource).
 */
public final class Subjects {

  private Subjects() {}

  public static String of(String kind, String namespace, String name) {
    return kind + "/" + namespace + "/" + name;
  }
}
