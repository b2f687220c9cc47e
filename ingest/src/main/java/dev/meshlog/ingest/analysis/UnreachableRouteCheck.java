package dev.meshlog.ingest.analysis;

import dev.meshlog.avro.HttpMatchRequest;
import dev.meshlog.avro.HttpRouteSpec;
import dev.meshlog.avro.L4MatchAttributes;
import dev.meshlog.avro.MatchKind;
import dev.meshlog.avro.StringMatch;
import dev.meshlog.avro.TcpRouteSpec;
import dev.meshlog.avro.VirtualServiceSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * IST0130 / IST0131: rules of a candidate VirtualService that can never be used. Rules are tried in
 * order and the first match wins, so a rule after a catch-all (no match, or only a {@code /} prefix)
 * is dead, and so is a rule whose every match repeats an earlier rule's match (IST0131 when only
 * some of its matches do).
 */
final class UnreachableRouteCheck implements Check {

  @Override
  public List<Finding> run(AnalysisContext context) {
    List<Finding> findings = new ArrayList<>();
    for (Resource<VirtualServiceSpec> vs : context.candidates(VirtualServiceSpec.class)) {
      findings.addAll(check(vs, "spec.http", vs.spec().getHttp(), HttpRouteSpec::getMatch,
          UnreachableRouteCheck::matchesEverything, UnreachableRouteCheck::withoutName));
      findings.addAll(check(vs, "spec.tcp", vs.spec().getTcp(), TcpRouteSpec::getMatch,
          UnreachableRouteCheck::matchesEveryConnection, Function.identity()));
    }
    return findings;
  }

  private static <R, M> List<Finding> check(Resource<VirtualServiceSpec> vs, String listPath, List<R> rules,
      Function<R, List<M>> matchesOf, Predicate<M> catchAll, Function<M, M> comparable) {
    List<Finding> findings = new ArrayList<>();
    List<M> earlier = new ArrayList<>();
    int catchAllRule = -1;
    for (int k = 0; k < rules.size(); k++) {
      String rulePath = listPath + "[" + k + "]";
      List<M> matches = matchesOf.apply(rules.get(k));
      if (catchAllRule >= 0) {
        findings.add(vs.finding(Message.VIRTUAL_SERVICE_UNREACHABLE_RULE, rulePath,
            "VirtualService rule " + rulePath + " not used (rule " + listPath + "[" + catchAllRule
                + "] before it matches every request)"));
        continue;
      }
      List<Integer> repeated = new ArrayList<>();
      for (int j = 0; j < matches.size(); j++) {
        if (earlier.contains(comparable.apply(matches.get(j)))) {
          repeated.add(j);
        }
      }
      if (!matches.isEmpty() && repeated.size() == matches.size()) {
        findings.add(vs.finding(Message.VIRTUAL_SERVICE_UNREACHABLE_RULE, rulePath,
            "VirtualService rule " + rulePath + " not used (every match repeats a match of an earlier rule)"));
      } else {
        for (int j : repeated) {
          findings.add(vs.finding(Message.VIRTUAL_SERVICE_INEFFECTIVE_MATCH, rulePath + ".match[" + j + "]",
              "VirtualService rule " + rulePath + " match " + j + " is not used (an earlier rule has the same match)"));
        }
      }
      matches.forEach(m -> earlier.add(comparable.apply(m)));
      if (matches.isEmpty() || matches.stream().anyMatch(catchAll)) {
        catchAllRule = k;
      }
    }
    return findings;
  }

  /** A match with no condition but a {@code /} (or empty) prefix: every HTTP request satisfies it. */
  static boolean matchesEverything(HttpMatchRequest m) {
    boolean noOtherCondition = m.getMethod() == null && m.getHeaders().isEmpty() && m.getWithoutHeaders().isEmpty()
        && m.getQueryParams().isEmpty() && m.getPort() == null && m.getSourceLabels().isEmpty()
        && m.getSourceNamespace() == null;
    StringMatch uri = m.getUri();
    boolean anyUri = uri == null
        || (uri.getKind() == MatchKind.PREFIX && (uri.getValue().isEmpty() || uri.getValue().equals("/")));
    return noOtherCondition && anyUri;
  }

  private static boolean matchesEveryConnection(L4MatchAttributes m) {
    return m.getPort() == null && m.getSourceLabels().isEmpty() && m.getSourceNamespace() == null;
  }

  /** The match's name is only a label for stats, so two matches differing in name are the same match. */
  private static HttpMatchRequest withoutName(HttpMatchRequest m) {
    return HttpMatchRequest.newBuilder(m).setName(null).build();
  }
}
