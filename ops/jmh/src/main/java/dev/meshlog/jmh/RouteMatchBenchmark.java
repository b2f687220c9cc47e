package dev.meshlog.jmh;

import dev.meshlog.proxy.route.Cluster;
import dev.meshlog.proxy.route.Dispatch;
import dev.meshlog.proxy.route.HeaderOperations;
import dev.meshlog.proxy.route.HeaderPolicy;
import dev.meshlog.proxy.route.RequestMatch;
import dev.meshlog.proxy.route.Rewrite;
import dev.meshlog.proxy.route.RouteRequest;
import dev.meshlog.proxy.route.RouteTable;
import dev.meshlog.proxy.route.Rule;
import dev.meshlog.proxy.route.RuleAction;
import dev.meshlog.proxy.route.StringMatcher;
import dev.meshlog.proxy.route.UpstreamEdits;
import dev.meshlog.proxy.route.VirtualHost;
import dev.meshlog.proxy.route.WeightedCluster;
import io.netty.handler.codec.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link RouteTable#dispatch} as the outbound listener calls it: a {@link RouteRequest} made from the
 * Netty request, host lookup among 100 virtual hosts, rule matching, weighted pick and round-robin
 * endpoint pick. Requests cycle through all hosts so the host map is not one hot entry.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class RouteMatchBenchmark {

  static final int HOSTS = 100;
  static final int RULES_PER_HOST = 10;
  static final int LISTENER_PORT = 80;
  static final String URI = "/api/reviews/12345/ratings?page=2";

  private RouteTable hostOnly;
  private RouteTable tenRules;
  private HttpRequest[] requests;
  private SplittableRandom random;
  private int next;

  @Setup
  public void setUp() {
    List<Cluster> clusters = new ArrayList<>();
    List<VirtualHost> hostOnlyHosts = new ArrayList<>();
    List<VirtualHost> tenRuleHosts = new ArrayList<>();
    requests = new HttpRequest[HOSTS];
    for (int h = 0; h < HOSTS; h++) {
      String host = SampleRequests.host(h);
      String cluster = "outbound|80||" + host;
      clusters.add(new Cluster(cluster, host, Optional.empty(), 80, SampleRequests.endpoints(3, "svc-" + h)));
      hostOnlyHosts.add(new VirtualHost(host, 80, domains(h), List.of(new Rule(host, List.of(new WeightedCluster(cluster, 100))))));
      tenRuleHosts.add(new VirtualHost(host, 80, domains(h), tenRules(host, cluster)));
      requests[h] = SampleRequests.get(host, URI, "user-" + (1000 + h));
    }
    hostOnly = RouteTable.of(hostOnlyHosts, clusters);
    tenRules = RouteTable.of(tenRuleHosts, clusters);
    random = new SplittableRandom(42);
    requireForward(hostOnly);
    requireForward(tenRules);
  }

  /** (a) One catch-all rule per host: the cost is the host lookup and the endpoint pick. */
  @Benchmark
  public Dispatch hostOnly() {
    return hostOnly.dispatch(RouteRequest.of(nextRequest(), LISTENER_PORT), random);
  }

  /** (b) Ten rules per host mixing header, prefix and regex matches; only the last one matches. */
  @Benchmark
  public Dispatch tenRulesLastMatches() {
    return tenRules.dispatch(RouteRequest.of(nextRequest(), LISTENER_PORT), random);
  }

  private HttpRequest nextRequest() {
    HttpRequest request = requests[next];
    next = next + 1 == HOSTS ? 0 : next + 1;
    return request;
  }

  /** The names Istio gives a service's routes inside its namespace: short, namespaced and full. */
  private static List<String> domains(int h) {
    String shortName = String.format("svc-%02d", h);
    return List.of(SampleRequests.host(h), shortName, shortName + "." + SampleRequests.NAMESPACE,
        shortName + "." + SampleRequests.NAMESPACE + ".svc");
  }

  /**
   * Nine near misses, cycling a header exact match on a header the request has (another value), a
   * path prefix that shares the first segment, and an anchored regex that scans the path before
   * failing; then the rule the request takes: method, prefix, header regex, with a rewrite and
   * header edits as a real route would carry.
   */
  private static List<Rule> tenRules(String host, String cluster) {
    List<Rule> rules = new ArrayList<>();
    List<WeightedCluster> to = List.of(new WeightedCluster(cluster, 100));
    for (int i = 0; i < RULES_PER_HOST - 1; i++) {
      RequestMatch miss = switch (i % 3) {
        case 0 -> match(Optional.empty(), Optional.empty(), List.of(header("x-user", new StringMatcher.Exact("canary-" + i))));
        case 1 -> match(Optional.of(new StringMatcher.Prefix("/api/v" + i + "/")), Optional.empty(), List.of());
        default -> match(Optional.of(StringMatcher.Regex.compile("/api/reviews/[0-9]+/v" + i)), Optional.empty(), List.of());
      };
      rules.add(new Rule(host + "-miss-" + i, List.of(miss), new RuleAction.Route(to, Rewrite.NONE), HeaderPolicy.NONE));
    }
    RequestMatch hit = match(Optional.of(new StringMatcher.Prefix("/api/reviews/")),
        Optional.of(new StringMatcher.Exact("GET")), List.of(header("x-user", StringMatcher.Regex.compile("user-[0-9]+"))));
    HeaderPolicy edits = new HeaderPolicy(
        HeaderOperations.of(Map.of("x-route", "reviews"), Map.of(), List.of("x-debug")), HeaderOperations.NONE);
    rules.add(new Rule(host + "-hit", List.of(hit), new RuleAction.Route(to, new Rewrite(Optional.of("/reviews/"), Optional.empty())), edits));
    return rules;
  }

  private static RequestMatch match(Optional<StringMatcher> uri, Optional<StringMatcher> method,
      List<RequestMatch.Condition> headers) {
    return new RequestMatch(uri, method, headers, List.of(), List.of(), OptionalInt.empty());
  }

  private static RequestMatch.Condition header(String name, StringMatcher value) {
    return new RequestMatch.Condition(name, value);
  }

  /** A fixture that silently answered 404 would benchmark the wrong path. */
  private void requireForward(RouteTable table) {
    for (HttpRequest request : requests) {
      Dispatch dispatch = table.dispatch(RouteRequest.of(request, LISTENER_PORT), random);
      if (!(dispatch instanceof Dispatch.Forward forward)) {
        throw new IllegalStateException("fixture request was not forwarded: " + dispatch);
      }
      // Only the last rule carries edits (a forward's route name is the host's, not the rule's).
      if (table == tenRules && forward.edits() == UpstreamEdits.NONE) {
        throw new IllegalStateException("fixture request to " + forward.routeName() + " did not take the last rule");
      }
    }
  }
}
