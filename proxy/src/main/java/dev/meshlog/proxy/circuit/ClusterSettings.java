package dev.meshlog.proxy.circuit;

import dev.meshlog.proxy.outlier.OutlierPolicy;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;

/** What an applied snapshot says about one cluster's live state: its limits, policy and endpoints. */
public record ClusterSettings(String name, CircuitLimits limits, OutlierPolicy outlier, List<InetSocketAddress> endpoints) {

  public ClusterSettings {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(outlier, "outlier");
    endpoints = List.copyOf(endpoints);
  }
}
