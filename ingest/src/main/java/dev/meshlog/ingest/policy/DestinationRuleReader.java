package dev.meshlog.ingest.policy;

import static dev.meshlog.ingest.policy.YamlFields.list;
import static dev.meshlog.ingest.policy.YamlFields.mapping;
import static dev.meshlog.ingest.policy.YamlFields.string;
import static dev.meshlog.ingest.policy.YamlFields.stringMap;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meshlog.ingest.policy.YamlFields.Element;
import dev.meshlog.ingest.policy.model.DestinationRule;
import dev.meshlog.ingest.policy.model.PolicySpec;
import dev.meshlog.ingest.policy.model.Subset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads a DestinationRule {@code spec}, resolving a short host name in the resource's namespace. */
final class DestinationRuleReader {

  private static final List<String> SPEC = List.of("host", "subsets");
  private static final List<String> SUBSET = List.of("name", "labels");

  private DestinationRuleReader() {}

  static Optional<PolicySpec> read(JsonNode spec, String namespace, Problems problems) {
    if (!mapping(spec, "spec", SPEC, problems)) {
      return Optional.empty();
    }
    String host = string(spec, "host", "spec", problems).map(h -> HostNames.resolve(h, namespace)).orElse("");
    List<Subset> subsets = list(spec, "subsets", "spec", problems).stream()
        .map(subset -> subset(subset, problems))
        .toList();
    return Optional.of(new DestinationRule(host, subsets));
  }

  private static Subset subset(Element subset, Problems problems) {
    if (!mapping(subset.node(), subset.path(), SUBSET, problems)) {
      return new Subset("", Map.of());
    }
    String name = string(subset.node(), "name", subset.path(), problems).orElse("");
    return new Subset(name, stringMap(subset.node(), "labels", subset.path(), problems));
  }
}
