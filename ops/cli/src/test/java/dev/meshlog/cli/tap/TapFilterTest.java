package dev.meshlog.cli.tap;

import static dev.meshlog.cli.tap.TapFixtures.request;
import static dev.meshlog.cli.tap.TapFixtures.tapped;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class TapFilterTest {

  private static final TappedRequest PRODUCTPAGE_TO_REVIEWS = tapped(request("productpage-v1", "reviews-v2", "reviews", "reviews-v2", 200));

  private static TapFilter filter(String workload, String authority, String route) {
    return new TapFilter(TapTarget.parse(workload, null), Optional.ofNullable(authority), Optional.ofNullable(route));
  }

  @Test
  void shouldMatchRequestsFromOrToTheWorkloadOnly() {
    assertTrue(filter("productpage-v1", null, null).matches(PRODUCTPAGE_TO_REVIEWS));
    assertTrue(filter("deploy/reviews-v2", null, null).matches(PRODUCTPAGE_TO_REVIEWS));
    assertFalse(filter("reviews-v1", null, null).matches(PRODUCTPAGE_TO_REVIEWS));
    assertFalse(new TapFilter(TapTarget.parse("reviews-v2", "other"), Optional.empty(), Optional.empty()).matches(PRODUCTPAGE_TO_REVIEWS));
  }

  @Test
  void shouldMatchTheAuthorityAsFqdnNameDotNamespaceOrShortNameIgnoringThePort() {
    for (String authority : new String[] {"reviews.default.svc.cluster.local", "reviews.default", "reviews", "reviews:9080", "Reviews.default:80"}) {
      assertTrue(filter("productpage-v1", authority, null).matches(PRODUCTPAGE_TO_REVIEWS), authority);
    }
    for (String authority : new String[] {"ratings", "reviews.other", "reviews.default.svc", "views"}) {
      assertFalse(filter("productpage-v1", authority, null).matches(PRODUCTPAGE_TO_REVIEWS), authority);
    }
    TappedRequest withShortName = tapped(request("productpage-v1", "reviews-v2", "reviews", "r", 200)
        .setDestinationServiceName("reviews").setDestinationServiceNamespace("default"));
    assertTrue(filter("productpage-v1", "reviews.default", null).matches(withShortName));
  }

  @Test
  void shouldMatchTheRouteExactly() {
    assertTrue(filter("productpage-v1", null, "reviews-v2").matches(PRODUCTPAGE_TO_REVIEWS));
    assertFalse(filter("productpage-v1", null, "reviews").matches(PRODUCTPAGE_TO_REVIEWS));
    assertTrue(filter("productpage-v1", "reviews", "reviews-v2").matches(PRODUCTPAGE_TO_REVIEWS));
    assertFalse(filter("productpage-v1", "ratings", "reviews-v2").matches(PRODUCTPAGE_TO_REVIEWS));
  }

  private static TapFilter filter(String path, String method) {
    return new TapFilter(TapTarget.parse("productpage-v1", null), Optional.empty(), Optional.empty(),
        Optional.ofNullable(path), Optional.ofNullable(method));
  }

  @Test
  void shouldMatchThePathAsAPrefixAndTheMethodExactlyIgnoringCase() {
    // PRODUCTPAGE_TO_REVIEWS is GET /reviews/1
    for (String path : new String[] {"/", "/rev", "/reviews", "/reviews/1"}) {
      assertTrue(filter(path, null).matches(PRODUCTPAGE_TO_REVIEWS), path);
    }
    for (String path : new String[] {"/reviews/12", "/Reviews", "/ratings", "/reviews/1/"}) {
      assertFalse(filter(path, null).matches(PRODUCTPAGE_TO_REVIEWS), path);
    }
    assertTrue(filter(null, "GET").matches(PRODUCTPAGE_TO_REVIEWS));
    assertTrue(filter(null, "get").matches(PRODUCTPAGE_TO_REVIEWS));
    assertFalse(filter(null, "POST").matches(PRODUCTPAGE_TO_REVIEWS));
    assertFalse(filter(null, "GE").matches(PRODUCTPAGE_TO_REVIEWS));
    assertTrue(filter("/reviews", "GET").matches(PRODUCTPAGE_TO_REVIEWS));
    assertFalse(filter("/reviews", "DELETE").matches(PRODUCTPAGE_TO_REVIEWS));
  }

  @Test
  void shouldCombinePathAndMethodWithAuthorityRouteAndWorkload() {
    TapTarget productpage = TapTarget.parse("productpage-v1", null);
    assertTrue(new TapFilter(productpage, Optional.of("reviews"), Optional.of("reviews-v2"), Optional.of("/reviews"),
        Optional.of("get")).matches(PRODUCTPAGE_TO_REVIEWS));
    assertFalse(new TapFilter(productpage, Optional.of("ratings"), Optional.empty(), Optional.of("/reviews"),
        Optional.empty()).matches(PRODUCTPAGE_TO_REVIEWS));
    assertFalse(new TapFilter(TapTarget.parse("reviews-v1", null), Optional.empty(), Optional.empty(), Optional.of("/reviews"),
        Optional.of("GET")).matches(PRODUCTPAGE_TO_REVIEWS));
  }

  @Test
  void shouldNotMatchPathOrMethodOnRecordsThatDoNotCarryThem() {
    TappedRequest old = tapped(request("productpage-v1", "reviews-v2", "reviews", "r", 200).setRequestMethod("").setRequestPath(""));
    assertFalse(filter("/", null).matches(old));
    assertFalse(filter(null, "GET").matches(old));
    assertTrue(filter(null, null).matches(old));
  }

  @Test
  void shouldRefuseAPathOrMethodItCouldNeverMatchInOneLine() {
    var relative = assertThrows(IllegalArgumentException.class, () -> filter("reviews", null));
    assertEquals("--path: expected a path starting with '/', got 'reviews'", relative.getMessage());
    var query = assertThrows(IllegalArgumentException.class, () -> filter("/reviews?x=1", null));
    assertTrue(query.getMessage().startsWith("--path: the recorded path has no query string"), query.getMessage());
    var method = assertThrows(IllegalArgumentException.class, () -> filter(null, "GET /"));
    assertEquals("--method: expected an HTTP method such as GET or POST, got 'GET /'", method.getMessage());
  }
}
