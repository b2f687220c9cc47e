package dev.meshlog.proxy.route;

import static dev.meshlog.proxy.route.RouteFixtures.HOST;
import static dev.meshlog.proxy.route.RouteFixtures.V1;
import static dev.meshlog.proxy.route.RouteFixtures.V2;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Rules in order: the first with a matching entry decides, and what it decides. */
class RuleDispatchTest {

  private static final Random RANDOM = new Random(1);

  private static RouteRequest request(String uri, String... headerPairs) {
    HttpHeaders headers = new DefaultHttpHeaders();
    for (int i = 0; i < headerPairs.length; i += 2) {
      headers.add(headerPairs[i], headerPairs[i + 1]);
    }
    return new RouteRequest("reviews:9080", "GET", uri, headers, 15001);
  }

  private static RequestMatch header(String name, String value) {
    return new RequestMatch(Optional.empty(), Optional.empty(),
        List.of(new RequestMatch.Condition(name, new StringMatcher.Exact(value))), List.of(), List.of(), OptionalInt.empty());
  }

  private static RequestMatch prefix(String prefix) {
    return new RequestMatch(Optional.of(new StringMatcher.Prefix(prefix)), Optional.empty(), List.of(), List.of(), List.of(),
        OptionalInt.empty());
  }

  private static Rule forward(String name, List<RequestMatch> matches, String cluster, Rewrite rewrite) {
    return new Rule(name, matches, new RuleAction.Route(List.of(new WeightedCluster(cluster, 100)), rewrite), HeaderPolicy.NONE);
  }

  private static RouteTable table(Rule... rules) {
    return RouteTable.of(List.of(new VirtualHost(HOST, 80, List.of(HOST, "reviews"), List.of(rules))),
        List.of(RouteFixtures.cluster(V1, RouteFixtures.endpoint(9001, "reviews-v1", "v1")),
            RouteFixtures.cluster(V2, RouteFixtures.endpoint(9002, "reviews-v2", "v2"))));
  }

  private static String clusterOf(Dispatch dispatch) {
    return assertInstanceOf(Dispatch.Forward.class, dispatch).cluster().name();
  }

  @Test
  void shouldSendMatchingRequestsToTheFirstRuleAndTheRestToTheCatchAll() {
    RouteTable table = table(forward("tester", List.of(header("x-user", "tester")), V2, Rewrite.NONE),
        forward("default", List.of(), V1, Rewrite.NONE));
    assertEquals(V2, clusterOf(table.dispatch(request("/", "x-user", "tester"), RANDOM)));
    assertEquals(V1, clusterOf(table.dispatch(request("/", "x-user", "other"), RANDOM)));
    assertEquals(V1, clusterOf(table.dispatch(request("/"), RANDOM)));
  }

  @Test
  void shouldLetAnEarlierCatchAllShadowLaterRules() {
    RouteTable table = table(forward("default", List.of(), V1, Rewrite.NONE),
        forward("tester", List.of(header("x-user", "tester")), V2, Rewrite.NONE));
    assertEquals(V1, clusterOf(table.dispatch(request("/", "x-user", "tester"), RANDOM)));
  }

  @Test
  void shouldMatchARuleWhenAnyOfItsEntriesMatches() {
    RouteTable table = table(forward("either", List.of(prefix("/a/"), header("x-user", "tester")), V2, Rewrite.NONE),
        forward("default", List.of(), V1, Rewrite.NONE));
    assertEquals(V2, clusterOf(table.dispatch(request("/a/1"), RANDOM)));
    assertEquals(V2, clusterOf(table.dispatch(request("/b", "x-user", "tester"), RANDOM)));
    assertEquals(V1, clusterOf(table.dispatch(request("/b"), RANDOM)));
  }

  @Test
  void shouldAnswer404NoRouteWhenNoRuleMatches() {
    RouteTable table = table(forward("api", List.of(prefix("/api/")), V1, Rewrite.NONE));
    Dispatch.Fail fail = assertInstanceOf(Dispatch.Fail.class, table.dispatch(request("/web"), RANDOM));
    assertEquals(404, fail.status());
    assertEquals("NR", fail.responseFlag());
    assertEquals("reviews", fail.destinationService());
  }

  @Test
  void shouldCarryThePrefixOfTheEntryThatMatchedForARewrite() {
    Rewrite rewrite = new Rewrite(Optional.of("/v2/"), Optional.empty());
    RouteTable table = table(forward("api", List.of(prefix("/old/"), prefix("/api/")), V1, rewrite));
    Dispatch.Forward forward = assertInstanceOf(Dispatch.Forward.class, table.dispatch(request("/api/items"), RANDOM));
    assertEquals("/api/", forward.rewrittenPart());
  }

  @Test
  void shouldAnswerADirectResponseWithoutAnUpstream() {
    Rule teapot = new Rule("teapot", List.of(prefix("/tea")), new RuleAction.DirectResponse(418, Optional.of("short and stout")),
        HeaderPolicy.NONE);
    RouteTable table = table(teapot, forward("default", List.of(), V1, Rewrite.NONE));
    Dispatch.Reply reply = assertInstanceOf(Dispatch.Reply.class, table.dispatch(request("/tea/pot"), RANDOM));
    assertEquals(418, reply.status());
    assertEquals("short and stout", reply.body());
    assertEquals("", reply.location());
    assertEquals(HOST, reply.routeName());
    assertEquals(HOST, reply.destinationService());
    assertSame(reply, table.dispatch(request("/tea"), RANDOM), "built once per snapshot");
  }

  @Test
  void shouldRedirectReplacingPathAndKeepingTheQuery() {
    Rule moved = new Rule("moved", List.of(prefix("/old")),
        new RuleAction.Redirect(Optional.of("/new"), Optional.empty(), 301), HeaderPolicy.NONE);
    Dispatch.Reply reply = assertInstanceOf(Dispatch.Reply.class, table(moved).dispatch(request("/old/x?a=1"), RANDOM));
    assertEquals(301, reply.status());
    assertEquals("http://reviews:9080/new?a=1", reply.location());
  }

  @Test
  void shouldRedirectReplacingOnlyTheAuthorityWhenNoUriIsGiven() {
    Rule moved = new Rule("moved", List.of(), new RuleAction.Redirect(Optional.empty(), Optional.of("ratings"), 302),
        HeaderPolicy.NONE);
    Dispatch.Reply reply = assertInstanceOf(Dispatch.Reply.class, table(moved).dispatch(request("/a/b?c=d"), RANDOM));
    assertEquals(302, reply.status());
    assertEquals("http://ratings/a/b?c=d", reply.location());
  }

  @Test
  void shouldUseTheRedirectUrisOwnQueryWhenItHasOne() {
    Rule moved = new Rule("moved", List.of(), new RuleAction.Redirect(Optional.of("/n?z=1"), Optional.empty(), 301),
        HeaderPolicy.NONE);
    Dispatch.Reply reply = assertInstanceOf(Dispatch.Reply.class, table(moved).dispatch(request("/o?a=1"), RANDOM));
    assertEquals("http://reviews:9080/n?z=1", reply.location());
  }
}
