package dev.meshlog.ingest.policy;

import static dev.meshlog.ingest.policy.Problems.field;
import static dev.meshlog.ingest.policy.YamlFields.choice;
import static dev.meshlog.ingest.policy.YamlFields.entries;
import static dev.meshlog.ingest.policy.YamlFields.mapping;
import static dev.meshlog.ingest.policy.YamlFields.object;
import static dev.meshlog.ingest.policy.YamlFields.stringMap;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meshlog.avro.MtlsMode;
import dev.meshlog.avro.PeerAuthenticationSpec;
import dev.meshlog.ingest.policy.YamlFields.Shape;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Map.Entry;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;

/** Reads a PeerAuthentication {@code spec}. */
final class PeerAuthenticationReader {

  static final Shape SELECTOR = Shape.of("matchLabels");
  private static final Shape SPEC = Shape.of("selector", "mtls", "portLevelMtls").unsupported("targetRef", "targetRefs");
  private static final Shape MTLS = Shape.of("mode");
  private static final List<String> MODES = List.of("UNSET", "DISABLE", "PERMISSIVE", "STRICT");

  private PeerAuthenticationReader() {}

  static Optional<SpecificRecord> read(JsonNode spec, Problems problems) {
    if (!mapping(spec, "spec", SPEC, problems)) {
      return Optional.empty();
    }
    MtlsMode mode = mode(spec, "mtls", "spec", problems).orElse(MtlsMode.UNSET);
    Map<String, MtlsMode> ports = new LinkedHashMap<>();
    for (Entry<String, YamlFields.Element> port : entries(spec, "portLevelMtls", "spec", problems).entrySet()) {
      mode(spec.get("portLevelMtls"), port.getKey(), "spec.portLevelMtls", problems)
          .ifPresent(portMode -> ports.put(port.getKey(), portMode));
    }
    return Optional.of(new PeerAuthenticationSpec(selector(spec, "spec", problems), mode, AvroValues.sorted(ports)));
  }

  /** {@code selector.matchLabels} of {@code parent}: the workload labels a security policy applies to. */
  static Map<String, String> selector(JsonNode parent, String parentPath, Problems problems) {
    return object(parent, "selector", parentPath, SELECTOR, problems)
        .map(selector -> stringMap(selector, "matchLabels", field(parentPath, "selector"), problems))
        .orElse(Map.of());
  }

  private static Optional<MtlsMode> mode(JsonNode parent, String key, String parentPath, Problems problems) {
    return object(parent, key, parentPath, MTLS, problems)
        .flatMap(mtls -> choice(mtls, "mode", field(parentPath, key), MODES, List.of(), problems))
        .map(MtlsMode::valueOf);
  }
}
