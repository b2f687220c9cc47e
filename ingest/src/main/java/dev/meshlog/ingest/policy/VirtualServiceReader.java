package dev.meshlog.ingest.policy;

import static dev.meshlog.ingest.policy.YamlFields.asString;
import static dev.meshlog.ingest.policy.YamlFields.integer;
import static dev.meshlog.ingest.policy.YamlFields.list;
import static dev.meshlog.ingest.policy.YamlFields.mapping;
import static dev.meshlog.ingest.policy.YamlFields.string;
import static dev.meshlog.ingest.policy.YamlFields.stringMap;
import static dev.meshlog.ingest.policy.YamlFields.strings;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meshlog.avro.HttpRouteSpec;
import dev.meshlog.avro.L4MatchAttributes;
import dev.meshlog.avro.TcpRouteSpec;
import dev.meshlog.avro.VirtualServiceSpec;
import dev.meshlog.ingest.policy.YamlFields.Element;
import dev.meshlog.ingest.policy.YamlFields.Shape;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;

/** Reads a VirtualService {@code spec}, resolving short host names in the resource's namespace. */
final class VirtualServiceReader {

  private static final Shape SPEC = Shape.of("hosts", "gateways", "http", "tcp").unsupported("tls", "exportTo");
  private static final Shape TCP_ROUTE = Shape.of("match", "route");
  private static final Shape L4_MATCH = Shape.of("port", "sourceLabels", "sourceNamespace")
      .unsupported("destinationSubnets", "sourceSubnet", "gateways");

  private VirtualServiceReader() {}

  static Optional<SpecificRecord> read(JsonNode spec, String namespace, Problems problems) {
    if (!mapping(spec, "spec", SPEC, problems)) {
      return Optional.empty();
    }
    List<String> hosts = list(spec, "hosts", "spec", problems).stream()
        .map(host -> asString(host.node(), host.path(), problems).map(h -> HostNames.resolve(h, namespace)).orElse(""))
        .toList();
    List<String> gateways = strings(spec, "gateways", "spec", problems);
    List<HttpRouteSpec> http = list(spec, "http", "spec", problems).stream()
        .map(route -> HttpRouteReader.read(route, namespace, problems))
        .toList();
    List<TcpRouteSpec> tcp = list(spec, "tcp", "spec", problems).stream()
        .map(route -> tcpRoute(route, namespace, problems))
        .toList();
    return Optional.of(new VirtualServiceSpec(hosts, http, gateways, tcp));
  }

  private static TcpRouteSpec tcpRoute(Element route, String namespace, Problems problems) {
    TcpRouteSpec result = new TcpRouteSpec(List.of(), List.of());
    if (mapping(route.node(), route.path(), TCP_ROUTE, problems)) {
      result.setMatch(list(route.node(), "match", route.path(), problems).stream()
          .map(match -> l4Match(match, problems))
          .toList());
      result.setRoute(DestinationReader.tcpRoute(route.node(), route.path(), namespace, problems));
    }
    return result;
  }

  private static L4MatchAttributes l4Match(Element match, Problems problems) {
    L4MatchAttributes result = new L4MatchAttributes(null, Map.of(), null);
    if (mapping(match.node(), match.path(), L4_MATCH, problems)) {
      result.setPort(integer(match.node(), "port", match.path(), problems).orElse(null));
      result.setSourceLabels(stringMap(match.node(), "sourceLabels", match.path(), problems));
      result.setSourceNamespace(string(match.node(), "sourceNamespace", match.path(), problems).orElse(null));
    }
    return result;
  }
}
