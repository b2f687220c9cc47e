package dev.meshlog.ingest.policy;

import static dev.meshlog.ingest.policy.AvroValues.list;
import static dev.meshlog.ingest.policy.AvroValues.text;
import static dev.meshlog.ingest.policy.Problems.field;
import static dev.meshlog.ingest.policy.Problems.item;

import dev.meshlog.avro.DestinationRuleSpec;
import dev.meshlog.avro.SubsetSpec;
import java.util.HashMap;
import java.util.Map;

/** Rules of a DestinationRule spec: its host, uniquely named label-selected subsets, and traffic policies. */
final class DestinationRuleRules {

  private DestinationRuleRules() {}

  static void check(DestinationRuleSpec spec, Problems problems) {
    PolicyRules.checkHost(text(spec.getHost()), "spec.host", problems);
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < list(spec.getSubsets()).size(); i++) {
      SubsetSpec subset = spec.getSubsets().get(i);
      String path = item("spec.subsets", i);
      if (subset == null) {
        problems.add(path, "is required");
        continue;
      }
      String name = text(subset.getName());
      String namePath = field(path, "name");
      if (name.isEmpty()) {
        problems.add(namePath, "is required");
      } else if (!HostNames.isDnsLabel(name)) {
        problems.add(namePath, "'" + name + "' is not a valid subset name: at most 63 lower case letters,"
            + " digits and '-' (DNS-1123 label)");
      } else {
        Integer first = seen.putIfAbsent(name, i);
        if (first != null) {
          problems.add(namePath, "duplicate subset name " + name + " (also " + item("spec.subsets", first) + ")");
        }
      }
      LabelRules.check(subset.getLabels(), field(path, "labels"), problems);
      TrafficPolicyRules.check(subset.getTrafficPolicy(), field(path, "trafficPolicy"), problems);
    }
    TrafficPolicyRules.check(spec.getTrafficPolicy(), "spec.trafficPolicy", problems);
  }
}
