package dev.meshlog.ingest.policy;

import static dev.meshlog.ingest.policy.Problems.field;
import static dev.meshlog.ingest.policy.YamlFields.child;
import static dev.meshlog.ingest.policy.YamlFields.integer;
import static dev.meshlog.ingest.policy.YamlFields.list;
import static dev.meshlog.ingest.policy.YamlFields.mapping;
import static dev.meshlog.ingest.policy.YamlFields.object;
import static dev.meshlog.ingest.policy.YamlFields.string;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meshlog.avro.Destination;
import dev.meshlog.avro.HeadersSpec;
import dev.meshlog.avro.WeightedDestination;
import dev.meshlog.ingest.policy.YamlFields.Element;
import dev.meshlog.ingest.policy.YamlFields.Shape;
import java.util.List;
import java.util.Optional;

/**
 * Reads Istio destinations: the weighted ones of {@code http[].route} and {@code tcp[].route}, and
 * a mirror. Hosts are resolved in the resource's namespace.
 */
final class DestinationReader {

  private static final Shape HTTP_ROUTE_DESTINATION = Shape.of("destination", "weight", "headers");
  private static final Shape TCP_ROUTE_DESTINATION = Shape.of("destination", "weight");
  private static final Shape DESTINATION = Shape.of("host", "subset", "port");
  private static final Shape PORT = Shape.of("number");

  private DestinationReader() {}

  /** {@code http[].route}: a sole destination without weight gets all traffic; with more, every weight is written. */
  static List<WeightedDestination> httpRoute(JsonNode parent, String parentPath, String namespace, Problems problems) {
    return weighted(parent, parentPath, HTTP_ROUTE_DESTINATION, namespace, problems);
  }

  static List<WeightedDestination> tcpRoute(JsonNode parent, String parentPath, String namespace, Problems problems) {
    return weighted(parent, parentPath, TCP_ROUTE_DESTINATION, namespace, problems);
  }

  /** An Istio Destination (no weight), e.g. {@code mirror}; the caller checked it is present. */
  static Destination destination(JsonNode node, String path, String namespace, Problems problems) {
    Destination destination = new Destination("", null, null);
    if (!mapping(node, path, DESTINATION, problems)) {
      return destination;
    }
    destination.setHost(string(node, "host", path, problems).map(h -> HostNames.resolve(h, namespace)).orElse(""));
    destination.setSubset(string(node, "subset", path, problems).orElse(null));
    destination.setPort(port(node, path, problems).orElse(null));
    return destination;
  }

  private static List<WeightedDestination> weighted(JsonNode parent, String parentPath, Shape shape, String namespace,
      Problems problems) {
    List<Element> entries = list(parent, "route", parentPath, problems);
    return entries.stream().map(entry -> weighted(entry, entries.size(), shape, namespace, problems)).toList();
  }

  private static WeightedDestination weighted(Element entry, int count, Shape shape, String namespace, Problems problems) {
    WeightedDestination result = new WeightedDestination("", null, null, 100, null);
    if (!mapping(entry.node(), entry.path(), shape, problems)) {
      return result;
    }
    Optional<Integer> weight = integer(entry.node(), "weight", entry.path(), problems);
    if (weight.isEmpty() && count > 1 && !entry.node().has("weight")) {
      // Istio counts an omitted weight as 0; saying so beats a confusing sum error.
      problems.add(field(entry.path(), "weight"), "is required when a route has more than one destination");
    }
    result.setWeight(weight.orElse(count > 1 ? 0 : 100));
    String path = field(entry.path(), "destination");
    Optional<JsonNode> destination = child(entry.node(), "destination");
    if (destination.isEmpty()) {
      problems.add(path, "is required");
    } else {
      Destination read = destination(destination.get(), path, namespace, problems);
      result.setHost(read.getHost());
      result.setSubset(read.getSubset());
      result.setPort(read.getPort());
    }
    HeadersSpec headers = HeadersReader.read(entry.node(), entry.path(), problems).orElse(null);
    result.setHeaders(headers);
    return result;
  }

  private static Optional<Integer> port(JsonNode destination, String destinationPath, Problems problems) {
    String path = field(destinationPath, "port");
    Optional<JsonNode> port = object(destination, "port", destinationPath, PORT, problems);
    if (port.isEmpty()) {
      return Optional.empty();
    }
    Optional<Integer> number = integer(port.get(), "number", path, problems);
    if (number.isEmpty()) {
      problems.add(field(path, "number"), "is required");
    }
    return number;
  }
}
