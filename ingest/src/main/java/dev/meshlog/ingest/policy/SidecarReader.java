package dev.meshlog.ingest.policy;

import static dev.meshlog.ingest.policy.Problems.field;
import static dev.meshlog.ingest.policy.YamlFields.integer;
import static dev.meshlog.ingest.policy.YamlFields.list;
import static dev.meshlog.ingest.policy.YamlFields.mapping;
import static dev.meshlog.ingest.policy.YamlFields.object;
import static dev.meshlog.ingest.policy.YamlFields.stringMap;
import static dev.meshlog.ingest.policy.YamlFields.strings;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meshlog.avro.SidecarEgress;
import dev.meshlog.avro.SidecarSpec;
import dev.meshlog.ingest.policy.YamlFields.Element;
import dev.meshlog.ingest.policy.YamlFields.Shape;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;

/** Reads a Sidecar {@code spec}. Egress hosts stay in Istio's {@code namespace/dnsName} form. */
final class SidecarReader {

  private static final Shape SPEC = Shape.of("workloadSelector", "egress")
      .unsupported("ingress", "outboundTrafficPolicy", "inboundConnectionPool");
  private static final Shape WORKLOAD_SELECTOR = Shape.of("labels");
  private static final Shape EGRESS = Shape.of("port", "hosts").unsupported("bind", "captureMode");
  private static final Shape PORT = Shape.of("number").unsupported("protocol", "name", "targetPort");

  private SidecarReader() {}

  static Optional<SpecificRecord> read(JsonNode spec, Problems problems) {
    if (!mapping(spec, "spec", SPEC, problems)) {
      return Optional.empty();
    }
    Map<String, String> selector = object(spec, "workloadSelector", "spec", WORKLOAD_SELECTOR, problems)
        .map(s -> stringMap(s, "labels", "spec.workloadSelector", problems))
        .orElse(Map.of());
    List<SidecarEgress> egress = list(spec, "egress", "spec", problems).stream().map(e -> egress(e, problems)).toList();
    return Optional.of(new SidecarSpec(selector, egress));
  }

  private static SidecarEgress egress(Element egress, Problems problems) {
    SidecarEgress result = new SidecarEgress(null, List.of());
    if (mapping(egress.node(), egress.path(), EGRESS, problems)) {
      String portPath = field(egress.path(), "port");
      result.setPort(object(egress.node(), "port", egress.path(), PORT, problems).flatMap(port -> {
        Optional<Integer> number = integer(port, "number", portPath, problems);
        if (number.isEmpty() && !port.has("number")) {
          problems.add(field(portPath, "number"), "is required");
        }
        return number;
      }).orElse(null));
      result.setHosts(strings(egress.node(), "hosts", egress.path(), problems));
    }
    return result;
  }
}
