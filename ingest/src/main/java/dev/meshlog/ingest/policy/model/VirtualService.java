package dev.meshlog.ingest.policy.model;

import java.util.List;

/** The part of Istio's VirtualService Meshlog supports: hosts and weighted HTTP routes. */
public record VirtualService(List<String> hosts, List<HttpRoute> http) implements PolicySpec {

  public static final String KIND = "VirtualService";

  public VirtualService {
    hosts = List.copyOf(hosts);
    http = List.copyOf(http);
  }

  @Override
  public String kind() {
    return KIND;
  }
}
