package dev.meshlog.cli.tap;

import static dev.meshlog.cli.tap.TapFixtures.request;
import static dev.meshlog.cli.tap.TapFixtures.tapped;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

  @Test
  void shouldExplainThatPathAndMethodAreNotOnTheRecord() {
    assertTrue(TapFilter.unsupported(null, null).isEmpty());
    String path = TapFilter.unsupported("/api", null).orElseThrow();
    assertTrue(path.startsWith("--path") && path.contains("no path field") && !path.contains("\n"), path);
    String method = TapFilter.unsupported(null, "GET").orElseThrow();
    assertTrue(method.startsWith("--method") && method.contains("no method field"), method);
  }
}
