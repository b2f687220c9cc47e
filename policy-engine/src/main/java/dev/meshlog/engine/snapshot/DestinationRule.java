package dev.meshlog.engine.snapshot;

import dev.meshlog.avro.TrafficPolicySpec;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/** An accepted DestinationRule: traffic policy for {@code host}, and named subsets of its endpoints with their own. */
public record DestinationRule(String subject, String namespace, long created, String host, Optional<TrafficPolicySpec> trafficPolicy,
    List<Subset> subsets) implements MeshResource, Ordered {

  public DestinationRule {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(trafficPolicy, "trafficPolicy");
    subsets = List.copyOf(subsets);
  }

  public DestinationRule withCreated(long sequence) {
    return new DestinationRule(subject, namespace, sequence, host, trafficPolicy, subsets);
  }

  public Optional<Subset> subset(String name) {
    return subsets.stream().filter(s -> s.name().equals(name)).findFirst();
  }

  /** A subset: the endpoints carrying all of {@code labels}, optionally with a traffic policy of its own. */
  public record Subset(String name, SortedMap<String, String> labels, Optional<TrafficPolicySpec> trafficPolicy) {
    public Subset {
      Objects.requireNonNull(name, "name");
      labels = Collections.unmodifiableSortedMap(new TreeMap<>(labels));
      Objects.requireNonNull(trafficPolicy, "trafficPolicy");
    }
  }
}
