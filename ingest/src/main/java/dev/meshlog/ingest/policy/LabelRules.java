package dev.meshlog.ingest.policy;

import static dev.meshlog.ingest.policy.Problems.field;

import java.util.Map;
import java.util.regex.Pattern;

/** Kubernetes label syntax, for subsets, selectors and source labels. */
final class LabelRules {

  // An optional DNS-subdomain prefix and '/', then a name of at most 63 characters; values are
  // such a name or empty.
  private static final String LABEL_NAME = "([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)";
  private static final Pattern LABEL_KEY = Pattern.compile("([a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?/)?" + LABEL_NAME);
  private static final Pattern LABEL_VALUE = Pattern.compile(LABEL_NAME + "?");

  private LabelRules() {}

  static void check(Map<String, String> labels, String labelsPath, Problems problems) {
    AvroValues.map(labels).forEach((key, value) -> check(AvroValues.text(key), AvroValues.text(value), field(labelsPath, key), problems));
  }

  private static void check(String key, String value, String path, Problems problems) {
    if (!LABEL_KEY.matcher(key).matches()) {
      problems.add(path, "'" + key + "' is not a valid label key");
    } else if (!LABEL_VALUE.matcher(value).matches()) {
      problems.add(path, "'" + value + "' is not a valid label value: at most 63 letters, digits, '-', '_' and '.',"
          + " starting and ending with a letter or digit");
    }
  }
}
