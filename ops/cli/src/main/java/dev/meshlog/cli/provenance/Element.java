package dev.meshlog.cli.provenance;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One part of a snapshot (a virtual host, a route rule, a cluster, an endpoint, the mTLS mode, an
 * authorization policy, the trust bundle) with the events that produced it.
 *
 * @param kind route, rule, tcp-route, cluster, endpoint, mtls, authorization or trust-bundle
 * @param detail what the part says, in a few words (e.g. its destinations)
 * @param byDefault why no policy shaped it, when none did (its origins are then the Service, Workloads or defaults)
 */
public record Element(String kind, String name, String detail, Optional<String> byDefault, List<Origin> origins,
    List<Element> children) {

  public Element {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(detail, "detail");
    Objects.requireNonNull(byDefault, "byDefault");
    origins = List.copyOf(origins);
    children = List.copyOf(children);
  }

  /** The subjects of the origins, in order. */
  public List<String> subjects() {
    return origins.stream().map(Origin::subject).toList();
  }
}
