package dev.meshlog.ingest.policy;

import static dev.meshlog.ingest.policy.AvroValues.list;
import static dev.meshlog.ingest.policy.AvroValues.map;
import static dev.meshlog.ingest.policy.Problems.field;
import static dev.meshlog.ingest.policy.Problems.item;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.meshlog.avro.HttpMatchRequest;
import dev.meshlog.avro.MatchKind;
import dev.meshlog.avro.StringMatch;
import dev.meshlog.schemas.policy.RegexSize;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Rules of HTTP match conditions and their StringMatches. */
final class MatchRules {

  static final int MAX_REGEX_LENGTH = 1024;

  private MatchRules() {}

  static void check(List<HttpMatchRequest> matches, String matchesPath, Problems problems) {
    for (int j = 0; j < list(matches).size(); j++) {
      HttpMatchRequest match = matches.get(j);
      String path = item(matchesPath, j);
      if (match == null) {
        problems.add(path, "is required");
        continue;
      }
      checkStringMatch(match.getUri(), field(path, "uri"), problems);
      checkStringMatch(match.getMethod(), field(path, "method"), problems);
      checkHeaderMatches(match.getHeaders(), field(path, "headers"), problems);
      checkHeaderMatches(match.getWithoutHeaders(), field(path, "withoutHeaders"), problems);
      map(match.getQueryParams()).forEach((name, value) -> checkStringMatch(value, field(field(path, "queryParams"), name), problems));
      PolicyRules.checkPort(match.getPort(), field(path, "port"), problems);
      LabelRules.check(match.getSourceLabels(), field(path, "sourceLabels"), problems);
      checkNamespace(match.getSourceNamespace(), field(path, "sourceNamespace"), problems);
    }
  }

  static void checkNamespace(String namespace, String path, Problems problems) {
    if (namespace != null && !HostNames.isDnsLabel(namespace)) {
      problems.add(path, "'" + namespace + "' is not a valid namespace (DNS-1123 label)");
    }
  }

  /**
   * A present StringMatch; a regex must be RE2 (as Istio's are: no backreferences, no lookaround), short,
   * and small once compiled. It is checked with re2j, the engine the proxy matches with, so what passes
   * here compiles there and matches in time linear in the input.
   */
  static void checkStringMatch(StringMatch match, String path, Problems problems) {
    if (match == null) {
      return;
    }
    if (match.getKind() == null || match.getValue() == null) {
      problems.add(path, "needs one of exact, prefix, regex");
      return;
    }
    if (match.getKind() == MatchKind.REGEX) {
      String regexPath = field(path, "regex");
      if (match.getValue().length() > MAX_REGEX_LENGTH) {
        problems.add(regexPath, "is " + match.getValue().length() + " characters long; at most " + MAX_REGEX_LENGTH + " are allowed");
        return;
      }
      long size = RegexSize.estimate(match.getValue());
      if (size > RegexSize.MAX_ESTIMATE) {
        problems.add(regexPath, "is too large once compiled (about " + size + " instructions from nested repetitions; at most "
            + RegexSize.MAX_ESTIMATE + ")");
        return;
      }
      try {
        Pattern.compile(match.getValue());
      } catch (PatternSyntaxException e) {
        problems.add(regexPath, "'" + match.getValue() + "' is not a valid RE2 regex: " + e.getDescription());
      }
    }
  }

  private static void checkHeaderMatches(Map<String, StringMatch> headers, String path, Problems problems) {
    map(headers).forEach((name, match) -> {
      String headerPath = field(path, name);
      if (!HeaderRules.isHeaderName(name)) {
        problems.add(headerPath, "'" + name + "' is not a valid header name");
      } else if (!name.equals(name.toLowerCase(Locale.ROOT))) {
        problems.add(headerPath, "header names must be lower case, as in Istio (was '" + name + "')");
      } else {
        checkStringMatch(match, headerPath, problems);
      }
    });
  }
}
