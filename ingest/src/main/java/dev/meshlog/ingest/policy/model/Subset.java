package dev.meshlog.ingest.policy.model;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** A named subset of a service's workloads, selected by labels (sorted, so encodings are stable). */
public record Subset(String name, Map<String, String> labels) {

  public Subset {
    labels = Collections.unmodifiableMap(new TreeMap<>(labels));
  }
}
