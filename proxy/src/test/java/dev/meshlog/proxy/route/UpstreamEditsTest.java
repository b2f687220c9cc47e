package dev.meshlog.proxy.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Rewrites and header operations on the request going upstream and the response coming back. */
class UpstreamEditsTest {

  private static HttpRequest request(String uri) {
    HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri);
    request.headers().set("host", "reviews:9080").add("x-debug", "1").add("x-keep", "a");
    return request;
  }

  private static UpstreamEdits rewrite(String uri, String authority) {
    return UpstreamEdits.of(new Rewrite(Optional.ofNullable(uri), Optional.ofNullable(authority)),
        HeaderPolicy.NONE, HeaderPolicy.NONE);
  }

  @Test
  void shouldReplaceTheMatchedPrefixAndKeepTheQuery() {
    HttpRequest request = request("/api/v1/items?page=2");
    rewrite("/internal/", null).applyToRequest(request, "/api/");
    assertEquals("/internal/v1/items?page=2", request.uri());
  }

  @Test
  void shouldReplaceTheWholePathAfterAnExactOrRegexMatch() {
    HttpRequest request = request("/old/path?x=1");
    rewrite("/new", null).applyToRequest(request, "/old/path");
    assertEquals("/new?x=1", request.uri());
  }

  @Test
  void shouldReplaceTheRootPrefixWhenTheRuleDidNotMatchOnThePath() {
    HttpRequest request = request("/items");
    rewrite("/v2/", null).applyToRequest(request, "/");
    assertEquals("/v2/items", request.uri());
  }

  @Test
  void shouldReplaceTheHostWithTheRewrittenAuthority() {
    HttpRequest request = request("/x");
    rewrite(null, "ratings.prod:8080").applyToRequest(request, "/");
    assertEquals("ratings.prod:8080", request.headers().get("Host"));
    assertEquals("/x", request.uri());
  }

  @Test
  void shouldSetAddAndRemoveRequestHeadersCaseInsensitively() {
    HeaderOperations ops = HeaderOperations.of(Map.of("X-Keep", "b"), Map.of("x-added", "1"), List.of("X-DEBUG"));
    UpstreamEdits edits = UpstreamEdits.of(Rewrite.NONE, new HeaderPolicy(ops, HeaderOperations.NONE), HeaderPolicy.NONE);
    HttpRequest request = request("/");
    edits.applyToRequest(request, "/");
    assertEquals(List.of("b"), request.headers().getAll("x-keep"), "set replaces every value");
    assertEquals("1", request.headers().get("x-added"));
    assertFalse(request.headers().contains("x-debug"));
  }

  @Test
  void shouldAppendWithAddRatherThanReplace() {
    HeaderOperations ops = HeaderOperations.of(Map.of(), Map.of("x-keep", "b"), List.of());
    HttpHeaders headers = request("/").headers();
    ops.applyTo(headers);
    assertEquals(List.of("a", "b"), headers.getAll("x-keep"));
  }

  @Test
  void shouldApplyRouteLevelOperationsBeforeTheDestinations() {
    HeaderPolicy route = new HeaderPolicy(HeaderOperations.of(Map.of("x-tier", "route"), Map.of(), List.of()),
        HeaderOperations.of(Map.of("x-served", "route"), Map.of(), List.of()));
    HeaderPolicy destination = new HeaderPolicy(HeaderOperations.of(Map.of("x-tier", "v2"), Map.of(), List.of()),
        HeaderOperations.of(Map.of(), Map.of("x-served", "v2"), List.of()));
    UpstreamEdits edits = UpstreamEdits.of(Rewrite.NONE, route, destination);
    HttpRequest request = request("/");
    edits.applyToRequest(request, "/");
    assertEquals(List.of("v2"), request.headers().getAll("x-tier"));
    HttpHeaders response = new DefaultHttpHeaders().add("x-served", "app");
    edits.applyToResponse(response);
    assertEquals(List.of("route", "v2"), response.getAll("x-served"));
  }

  @Test
  void shouldCompileNothingToTheSharedNoOp() {
    assertSame(UpstreamEdits.NONE, UpstreamEdits.of(Rewrite.NONE, HeaderPolicy.NONE, HeaderPolicy.NONE));
    assertSame(HeaderOperations.NONE, HeaderOperations.of(Map.of(), Map.of(), List.of()));
  }

  @Test
  void shouldRefuseHeaderValuesAndNamesHttpCannotCarryWhenCompiling() {
    assertThrows(IllegalArgumentException.class,
        () -> HeaderOperations.of(Map.of("x-evil", "a\r\nset-cookie: b"), Map.of(), List.of()));
    assertThrows(IllegalArgumentException.class, () -> HeaderOperations.of(Map.of(), Map.of("bad name", "v"), List.of()));
  }
}
