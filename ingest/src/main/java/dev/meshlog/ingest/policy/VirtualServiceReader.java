package dev.meshlog.ingest.policy;

import static dev.meshlog.ingest.policy.Problems.field;
import static dev.meshlog.ingest.policy.YamlFields.asString;
import static dev.meshlog.ingest.policy.YamlFields.child;
import static dev.meshlog.ingest.policy.YamlFields.integer;
import static dev.meshlog.ingest.policy.YamlFields.list;
import static dev.meshlog.ingest.policy.YamlFields.mapping;
import static dev.meshlog.ingest.policy.YamlFields.string;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meshlog.ingest.policy.YamlFields.Element;
import dev.meshlog.ingest.policy.model.Destination;
import dev.meshlog.ingest.policy.model.HttpRoute;
import dev.meshlog.ingest.policy.model.PolicySpec;
import dev.meshlog.ingest.policy.model.VirtualService;
import java.util.List;
import java.util.Optional;

/** Reads a VirtualService {@code spec}, resolving short host names in the resource's namespace. */
final class VirtualServiceReader {

  static final String MESH_GATEWAY = "mesh";

  private static final List<String> SPEC = List.of("hosts", "gateways", "http");
  private static final List<String> HTTP_ROUTE = List.of("name", "route");
  private static final List<String> ROUTE_DESTINATION = List.of("destination", "weight");
  private static final List<String> DESTINATION = List.of("host", "subset", "port");
  private static final List<String> PORT = List.of("number");

  private VirtualServiceReader() {}

  static Optional<PolicySpec> read(JsonNode spec, String namespace, Problems problems) {
    if (!mapping(spec, "spec", SPEC, problems)) {
      return Optional.empty();
    }
    List<String> hosts = list(spec, "hosts", "spec", problems).stream()
        .map(host -> asString(host.node(), host.path(), problems).map(h -> HostNames.resolve(h, namespace)).orElse(""))
        .toList();
    // Sidecar routing only: "mesh" is the implicit default gateway; real gateways do not exist yet.
    for (Element gateway : list(spec, "gateways", "spec", problems)) {
      asString(gateway.node(), gateway.path(), problems)
          .filter(name -> !name.equals(MESH_GATEWAY))
          .ifPresent(name -> problems.add(gateway.path(),
              "gateway '" + name + "' is not supported by Meshlog yet; only '" + MESH_GATEWAY + "' (sidecars) is"));
    }
    List<HttpRoute> http = list(spec, "http", "spec", problems).stream()
        .map(route -> route(route, namespace, problems))
        .toList();
    return Optional.of(new VirtualService(hosts, http));
  }

  private static HttpRoute route(Element route, String namespace, Problems problems) {
    if (!mapping(route.node(), route.path(), HTTP_ROUTE, problems)) {
      return new HttpRoute(Optional.empty(), List.of());
    }
    Optional<String> name = string(route.node(), "name", route.path(), problems);
    List<Destination> destinations = list(route.node(), "route", route.path(), problems).stream()
        .map(destination -> destination(destination, namespace, problems))
        .toList();
    return new HttpRoute(name, destinations);
  }

  private static Destination destination(Element entry, String namespace, Problems problems) {
    Destination missing = new Destination("", Optional.empty(), Optional.empty(), Optional.empty());
    if (!mapping(entry.node(), entry.path(), ROUTE_DESTINATION, problems)) {
      return missing;
    }
    Optional<Integer> weight = integer(entry.node(), "weight", entry.path(), problems);
    String path = field(entry.path(), "destination");
    Optional<JsonNode> destination = child(entry.node(), "destination");
    if (destination.isEmpty()) {
      problems.add(path, "is required");
      return new Destination("", Optional.empty(), Optional.empty(), weight);
    }
    if (!mapping(destination.get(), path, DESTINATION, problems)) {
      return new Destination("", Optional.empty(), Optional.empty(), weight);
    }
    String host = string(destination.get(), "host", path, problems).map(h -> HostNames.resolve(h, namespace)).orElse("");
    Optional<String> subset = string(destination.get(), "subset", path, problems);
    return new Destination(host, subset, port(destination.get(), path, problems), weight);
  }

  private static Optional<Integer> port(JsonNode destination, String destinationPath, Problems problems) {
    String path = field(destinationPath, "port");
    Optional<JsonNode> port = child(destination, "port");
    if (port.isEmpty() || !mapping(port.get(), path, PORT, problems)) {
      return Optional.empty();
    }
    Optional<Integer> number = integer(port.get(), "number", path, problems);
    if (number.isEmpty()) {
      problems.add(field(path, "number"), "is required");
    }
    return number;
  }
}
