package dev.meshlog.proxy.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Each HTTPMatchRequest condition on its own, as Envoy evaluates it. */
class RequestMatchTest {

  private static final StringMatcher.Exact EXACT_TESTER = new StringMatcher.Exact("tester");

  private static RouteRequest request(String method, String uri, String... headerPairs) {
    HttpHeaders headers = new DefaultHttpHeaders();
    for (int i = 0; i < headerPairs.length; i += 2) {
      headers.add(headerPairs[i], headerPairs[i + 1]);
    }
    return new RouteRequest("reviews:9080", method, uri, headers, 15001);
  }

  private static RequestMatch uri(StringMatcher matcher) {
    return new RequestMatch(Optional.of(matcher), Optional.empty(), List.of(), List.of(), List.of(), OptionalInt.empty());
  }

  private static RequestMatch headers(RequestMatch.Condition... conditions) {
    return new RequestMatch(Optional.empty(), Optional.empty(), List.of(conditions), List.of(), List.of(), OptionalInt.empty());
  }

  private static RequestMatch without(RequestMatch.Condition... conditions) {
    return new RequestMatch(Optional.empty(), Optional.empty(), List.of(), List.of(conditions), List.of(), OptionalInt.empty());
  }

  private static RequestMatch query(RequestMatch.Condition... conditions) {
    return new RequestMatch(Optional.empty(), Optional.empty(), List.of(), List.of(), List.of(conditions), OptionalInt.empty());
  }

  @Test
  void shouldMatchExactUriOnThePathWithoutTheQueryString() {
    RequestMatch match = uri(new StringMatcher.Exact("/reviews/1"));
    assertTrue(match.matches(request("GET", "/reviews/1?x=1")));
    assertTrue(match.matches(request("GET", "/reviews/1")));
    assertFalse(match.matches(request("GET", "/reviews/12")));
    assertFalse(match.matches(request("GET", "/reviews")));
  }

  @Test
  void shouldMatchPrefixUri() {
    RequestMatch match = uri(new StringMatcher.Prefix("/api/"));
    assertTrue(match.matches(request("GET", "/api/v1")));
    assertTrue(match.matches(request("GET", "/api/")));
    assertFalse(match.matches(request("GET", "/api")));
    assertFalse(match.matches(request("GET", "/x?/api/")), "the query string is not part of the path");
  }

  @Test
  void shouldRequireARegexToMatchTheWholePath() {
    RequestMatch match = uri(StringMatcher.Regex.compile("/reviews/[0-9]+"));
    assertTrue(match.matches(request("GET", "/reviews/42?page=2")));
    assertFalse(match.matches(request("GET", "/reviews/42/ratings")), "a partial match is no match");
    assertFalse(match.matches(request("GET", "/v2/reviews/42")));
  }

  @Test
  void shouldRefuseAnInvalidRegexWhenCompiling() {
    assertThrows(IllegalArgumentException.class, () -> StringMatcher.Regex.compile("/reviews/[0-9"));
  }

  @Test
  void shouldMatchTheMethodExactlyByPrefixOrRegex() {
    RequestMatch exact = new RequestMatch(Optional.empty(), Optional.of(new StringMatcher.Exact("POST")),
        List.of(), List.of(), List.of(), OptionalInt.empty());
    RequestMatch regex = new RequestMatch(Optional.empty(), Optional.of(StringMatcher.Regex.compile("GET|HEAD")),
        List.of(), List.of(), List.of(), OptionalInt.empty());
    assertTrue(exact.matches(request("POST", "/")));
    assertFalse(exact.matches(request("GET", "/")));
    assertTrue(regex.matches(request("HEAD", "/")));
    assertFalse(regex.matches(request("DELETE", "/")));
  }

  @Test
  void shouldMatchHeaderValuesAndFailWhenTheHeaderIsAbsent() {
    RequestMatch exact = headers(new RequestMatch.Condition("x-user", EXACT_TESTER));
    assertTrue(exact.matches(request("GET", "/", "X-User", "tester")), "header names are case-insensitive");
    assertFalse(exact.matches(request("GET", "/", "x-user", "Tester")), "values are case-sensitive");
    assertFalse(exact.matches(request("GET", "/")));
    RequestMatch prefix = headers(new RequestMatch.Condition("x-user", new StringMatcher.Prefix("")));
    assertTrue(prefix.matches(request("GET", "/", "x-user", "")), "an empty prefix means present");
    assertFalse(prefix.matches(request("GET", "/")));
    RequestMatch regex = headers(new RequestMatch.Condition("end-user", StringMatcher.Regex.compile("jason|json")));
    assertTrue(regex.matches(request("GET", "/", "end-user", "json")));
    assertFalse(regex.matches(request("GET", "/", "end-user", "jason2")));
  }

  @Test
  void shouldRequireEveryHeaderConditionToHold() {
    RequestMatch both = headers(new RequestMatch.Condition("x-user", EXACT_TESTER),
        new RequestMatch.Condition("x-tier", new StringMatcher.Exact("gold")));
    assertTrue(both.matches(request("GET", "/", "x-user", "tester", "x-tier", "gold")));
    assertFalse(both.matches(request("GET", "/", "x-user", "tester")));
  }

  @Test
  void shouldMatchWithoutHeadersOnlyWhenTheirConditionFails() {
    RequestMatch match = without(new RequestMatch.Condition("x-user", EXACT_TESTER));
    assertTrue(match.matches(request("GET", "/")), "an absent header does not satisfy the condition");
    assertTrue(match.matches(request("GET", "/", "x-user", "other")));
    assertFalse(match.matches(request("GET", "/", "x-user", "tester")));
  }

  @Test
  void shouldMatchTheDecodedFirstValueOfAQueryParameter() {
    RequestMatch exact = query(new RequestMatch.Condition("user", new StringMatcher.Exact("a b")));
    assertTrue(exact.matches(request("GET", "/p?user=a%20b&user=c")));
    assertFalse(exact.matches(request("GET", "/p?user=c&user=a%20b")), "only the first value counts");
    assertFalse(exact.matches(request("GET", "/p")), "an absent parameter fails");
    RequestMatch regex = query(new RequestMatch.Condition("id", StringMatcher.Regex.compile("[0-9]+")));
    assertTrue(regex.matches(request("GET", "/p?id=17")));
    assertFalse(regex.matches(request("GET", "/p?id=17a")));
  }

  @Test
  void shouldMatchTheListenerPort() {
    RequestMatch port = new RequestMatch(Optional.empty(), Optional.empty(), List.of(), List.of(), List.of(),
        OptionalInt.of(15001));
    RequestMatch other = new RequestMatch(Optional.empty(), Optional.empty(), List.of(), List.of(), List.of(),
        OptionalInt.of(9080));
    assertTrue(port.matches(request("GET", "/")));
    assertFalse(other.matches(request("GET", "/")), "the Host header's port is not the listener's");
  }

  @Test
  void shouldAnswerPseudoHeadersFromTheRequestLine() {
    RouteRequest request = request("PUT", "/a?b=1");
    assertTrue(headers(new RequestMatch.Condition(":method", new StringMatcher.Exact("PUT"))).matches(request));
    assertTrue(headers(new RequestMatch.Condition(":path", new StringMatcher.Exact("/a?b=1"))).matches(request));
    assertTrue(headers(new RequestMatch.Condition(":authority", new StringMatcher.Prefix("reviews"))).matches(request));
    assertFalse(headers(new RequestMatch.Condition(":authority", new StringMatcher.Exact("ratings"))).matches(request));
  }

  @Test
  void shouldMatchEveryRequestWithNoConditions() {
    assertTrue(RequestMatch.ANY.matches(request("DELETE", "/anything?at=all")));
  }

  @Test
  void shouldNameThePartAPrefixRewriteReplaces() {
    assertEquals("/api/", uri(new StringMatcher.Prefix("/api/")).rewrittenPart("/api/v1"));
    assertEquals("/a/b", uri(new StringMatcher.Exact("/a/b")).rewrittenPart("/a/b"));
    assertEquals("/a/7", uri(StringMatcher.Regex.compile("/a/[0-9]")).rewrittenPart("/a/7"));
    assertEquals("/", RequestMatch.ANY.rewrittenPart("/x"));
  }
}
