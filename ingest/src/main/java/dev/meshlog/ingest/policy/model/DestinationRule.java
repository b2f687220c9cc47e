package dev.meshlog.ingest.policy.model;

import java.util.List;

/** The part of Istio's DestinationRule Meshlog supports: the host and its label-selected subsets. */
public record DestinationRule(String host, List<Subset> subsets) implements PolicySpec {

  public static final String KIND = "DestinationRule";

  public DestinationRule {
    subsets = List.copyOf(subsets);
  }

  @Override
  public String kind() {
    return KIND;
  }
}
