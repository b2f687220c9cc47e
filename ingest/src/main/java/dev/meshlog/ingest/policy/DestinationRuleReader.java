package dev.meshlog.ingest.policy;

import static dev.meshlog.ingest.policy.Problems.field;
import static dev.meshlog.ingest.policy.YamlFields.list;
import static dev.meshlog.ingest.policy.YamlFields.mapping;
import static dev.meshlog.ingest.policy.YamlFields.object;
import static dev.meshlog.ingest.policy.YamlFields.string;
import static dev.meshlog.ingest.policy.YamlFields.stringMap;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meshlog.avro.DestinationRuleSpec;
import dev.meshlog.avro.SubsetSpec;
import dev.meshlog.ingest.policy.YamlFields.Element;
import dev.meshlog.ingest.policy.YamlFields.Shape;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;

/** Reads a DestinationRule {@code spec}, resolving a short host name in the resource's namespace. */
final class DestinationRuleReader {

  private static final Shape SPEC = Shape.of("host", "subsets", "trafficPolicy").unsupported("exportTo", "workloadSelector");
  private static final Shape SUBSET = Shape.of("name", "labels", "trafficPolicy");

  private DestinationRuleReader() {}

  static Optional<SpecificRecord> read(JsonNode spec, String namespace, Problems problems) {
    if (!mapping(spec, "spec", SPEC, problems)) {
      return Optional.empty();
    }
    String host = string(spec, "host", "spec", problems).map(h -> HostNames.resolve(h, namespace)).orElse("");
    List<SubsetSpec> subsets = list(spec, "subsets", "spec", problems).stream()
        .map(subset -> subset(subset, problems))
        .toList();
    return Optional.of(new DestinationRuleSpec(host, subsets,
        object(spec, "trafficPolicy", "spec", TrafficPolicyReader.TRAFFIC_POLICY, problems)
            .map(policy -> TrafficPolicyReader.read(policy, "spec.trafficPolicy", problems))
            .orElse(null)));
  }

  private static SubsetSpec subset(Element subset, Problems problems) {
    SubsetSpec result = new SubsetSpec("", Map.of(), null);
    if (!mapping(subset.node(), subset.path(), SUBSET, problems)) {
      return result;
    }
    result.setName(string(subset.node(), "name", subset.path(), problems).orElse(""));
    result.setLabels(stringMap(subset.node(), "labels", subset.path(), problems));
    result.setTrafficPolicy(object(subset.node(), "trafficPolicy", subset.path(), TrafficPolicyReader.TRAFFIC_POLICY, problems)
        .map(policy -> TrafficPolicyReader.read(policy, field(subset.path(), "trafficPolicy"), problems))
        .orElse(null));
    return result;
  }
}
