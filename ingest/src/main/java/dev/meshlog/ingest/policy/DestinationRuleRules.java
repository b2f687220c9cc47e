package dev.meshlog.ingest.policy;

import static dev.meshlog.ingest.policy.Problems.field;
import static dev.meshlog.ingest.policy.Problems.item;

import dev.meshlog.ingest.policy.model.DestinationRule;
import dev.meshlog.ingest.policy.model.Subset;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/** Rules of a DestinationRule spec: its host and uniquely named, label-selected subsets. */
final class DestinationRuleRules {

  // Kubernetes label syntax: an optional DNS-subdomain prefix and '/', then a name of at most
  // 63 characters; values are such a name or empty.
  private static final String LABEL_NAME = "([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)";
  private static final Pattern LABEL_KEY = Pattern.compile("([a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?/)?" + LABEL_NAME);
  private static final Pattern LABEL_VALUE = Pattern.compile(LABEL_NAME + "?");

  private DestinationRuleRules() {}

  static void check(DestinationRule spec, Problems problems) {
    PolicyRules.checkHost(spec.host(), "spec.host", problems);
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < spec.subsets().size(); i++) {
      Subset subset = spec.subsets().get(i);
      String path = item("spec.subsets", i);
      String namePath = field(path, "name");
      if (subset.name().isEmpty()) {
        problems.add(namePath, "is required");
      } else if (!HostNames.isDnsLabel(subset.name())) {
        problems.add(namePath, "'" + subset.name() + "' is not a valid subset name: at most 63 lower case letters,"
            + " digits and '-' (DNS-1123 label)");
      } else {
        Integer first = seen.putIfAbsent(subset.name(), i);
        if (first != null) {
          problems.add(namePath, "duplicate subset name " + subset.name() + " (also " + item("spec.subsets", first) + ")");
        }
      }
      subset.labels().forEach((key, value) -> checkLabel(key, value, field(path, "labels"), problems));
    }
  }

  private static void checkLabel(String key, String value, String labelsPath, Problems problems) {
    String path = field(labelsPath, key);
    if (!LABEL_KEY.matcher(key).matches()) {
      problems.add(path, "'" + key + "' is not a valid label key");
    } else if (!LABEL_VALUE.matcher(value).matches()) {
      problems.add(path, "'" + value + "' is not a valid label value: at most 63 letters, digits, '-', '_' and '.',"
          + " starting and ending with a letter or digit");
    }
  }
}
