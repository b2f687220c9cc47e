package dev.meshlog.engine.snapshot;

import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/** An accepted DestinationRule: named subsets of {@code host}'s endpoints, selected by labels. */
public record DestinationRule(String subject, String host, List<Subset> subsets) implements MeshResource {

  public DestinationRule {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(host, "host");
    subsets = List.copyOf(subsets);
  }

  public Optional<Subset> subset(String name) {
    return subsets.stream().filter(s -> s.name().equals(name)).findFirst();
  }

  /** A subset: the endpoints carrying all of {@code labels}. */
  public record Subset(String name, SortedMap<String, String> labels) {
    public Subset {
      Objects.requireNonNull(name, "name");
      labels = Collections.unmodifiableSortedMap(new TreeMap<>(labels));
    }
  }
}
