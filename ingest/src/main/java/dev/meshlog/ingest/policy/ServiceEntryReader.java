package dev.meshlog.ingest.policy;

import static dev.meshlog.ingest.policy.YamlFields.asInteger;
import static dev.meshlog.ingest.policy.YamlFields.choice;
import static dev.meshlog.ingest.policy.YamlFields.entries;
import static dev.meshlog.ingest.policy.YamlFields.integer;
import static dev.meshlog.ingest.policy.YamlFields.list;
import static dev.meshlog.ingest.policy.YamlFields.mapping;
import static dev.meshlog.ingest.policy.YamlFields.string;
import static dev.meshlog.ingest.policy.YamlFields.stringMap;
import static dev.meshlog.ingest.policy.YamlFields.strings;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meshlog.avro.ServiceEntryLocation;
import dev.meshlog.avro.ServiceEntryPort;
import dev.meshlog.avro.ServiceEntryResolution;
import dev.meshlog.avro.ServiceEntrySpec;
import dev.meshlog.avro.WorkloadEntrySpec;
import dev.meshlog.ingest.policy.YamlFields.Element;
import dev.meshlog.ingest.policy.YamlFields.Shape;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;

/** Reads a ServiceEntry {@code spec}. Its hosts are kept as written: they name services outside the registry. */
final class ServiceEntryReader {

  private static final Shape SPEC = Shape.of("hosts", "addresses", "ports", "location", "resolution", "endpoints")
      .unsupported("exportTo", "subjectAltNames", "workloadSelector");
  private static final Shape PORT = Shape.of("number", "protocol", "name", "targetPort");
  private static final Shape ENDPOINT = Shape.of("address", "ports", "labels", "weight")
      .unsupported("network", "locality", "serviceAccount");

  private ServiceEntryReader() {}

  static Optional<SpecificRecord> read(JsonNode spec, Problems problems) {
    if (!mapping(spec, "spec", SPEC, problems)) {
      return Optional.empty();
    }
    ServiceEntrySpec result = new ServiceEntrySpec(strings(spec, "hosts", "spec", problems),
        strings(spec, "addresses", "spec", problems),
        list(spec, "ports", "spec", problems).stream().map(port -> port(port, problems)).toList(),
        choice(spec, "location", "spec", List.of("MESH_EXTERNAL", "MESH_INTERNAL"), List.of(), problems)
            .map(ServiceEntryLocation::valueOf).orElse(ServiceEntryLocation.MESH_EXTERNAL),
        choice(spec, "resolution", "spec", List.of("NONE", "STATIC", "DNS"), List.of("DNS_ROUND_ROBIN"), problems)
            .map(ServiceEntryResolution::valueOf).orElse(ServiceEntryResolution.NONE),
        list(spec, "endpoints", "spec", problems).stream().map(endpoint -> endpoint(endpoint, problems)).toList());
    return Optional.of(result);
  }

  private static ServiceEntryPort port(Element port, Problems problems) {
    ServiceEntryPort result = new ServiceEntryPort(0, "", "", null);
    if (mapping(port.node(), port.path(), PORT, problems)) {
      result.setNumber(integer(port.node(), "number", port.path(), problems).orElse(0));
      result.setProtocol(string(port.node(), "protocol", port.path(), problems).orElse(""));
      result.setName(string(port.node(), "name", port.path(), problems).orElse(""));
      result.setTargetPort(integer(port.node(), "targetPort", port.path(), problems).orElse(null));
    }
    return result;
  }

  private static WorkloadEntrySpec endpoint(Element endpoint, Problems problems) {
    WorkloadEntrySpec result = new WorkloadEntrySpec("", Map.of(), Map.of(), null);
    if (mapping(endpoint.node(), endpoint.path(), ENDPOINT, problems)) {
      result.setAddress(string(endpoint.node(), "address", endpoint.path(), problems).orElse(""));
      Map<String, Integer> ports = new LinkedHashMap<>();
      entries(endpoint.node(), "ports", endpoint.path(), problems)
          .forEach((name, entry) -> asInteger(entry.node(), entry.path(), problems).ifPresent(number -> ports.put(name, number)));
      result.setPorts(AvroValues.sorted(ports));
      result.setLabels(stringMap(endpoint.node(), "labels", endpoint.path(), problems));
      result.setWeight(integer(endpoint.node(), "weight", endpoint.path(), problems).orElse(null));
    }
    return result;
  }
}
