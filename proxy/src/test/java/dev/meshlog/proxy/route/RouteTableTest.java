package dev.meshlog.proxy.route;

import static dev.meshlog.proxy.route.RouteFixtures.HOST;
import static dev.meshlog.proxy.route.RouteFixtures.V1;
import static dev.meshlog.proxy.route.RouteFixtures.V2;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RouteTableTest {

  private final RouteTable table = RouteFixtures.table(100, 0);

  @ParameterizedTest
  @ValueSource(strings = {
      "reviews.default.svc.cluster.local", "reviews.default.svc.cluster.local:80", "reviews:8080",
      "reviews.default", "reviews.default.svc:80", "REVIEWS.Default.SVC.cluster.local", "Reviews:80"})
  void shouldMatchDomainIgnoringPortAndCase(String authority) {
    Dispatch.Forward forward = assertInstanceOf(Dispatch.Forward.class, table.dispatch(authority, new Random(1)));
    assertEquals(V1, forward.cluster().name());
    assertEquals(HOST, forward.routeName());
    assertEquals("reviews-v1", forward.endpoint().workload());
  }

  @ParameterizedTest
  @ValueSource(strings = {"ratings", "ratings:80", "reviews.other", "", "reviews.default.svc.cluster"})
  void shouldFailWithNoRouteForUnknownHost(String authority) {
    Dispatch.Fail fail = assertInstanceOf(Dispatch.Fail.class, table.dispatch(authority, new Random(1)));
    assertEquals(404, fail.status());
    assertEquals("NR", fail.responseFlag());
    assertEquals("", fail.routeName());
  }

  @Test
  void shouldFailWithNoRouteWhenHostHeaderIsMissing() {
    Dispatch.Fail fail = assertInstanceOf(Dispatch.Fail.class, table.dispatch((String) null, new Random(1)));
    assertEquals("NR", fail.responseFlag());
  }

  @Test
  void shouldFailWithNoRouteBeforeAnySnapshot() {
    Dispatch.Fail fail = assertInstanceOf(Dispatch.Fail.class, RouteTable.EMPTY.dispatch(HOST, new Random(1)));
    assertEquals(404, fail.status());
  }

  @Test
  void shouldSplitNinetyTenWithinTwoPercentOverTenThousandPicks() {
    RouteTable split = RouteFixtures.table(90, 10);
    Random random = new Random(42);
    int v1 = 0;
    for (int i = 0; i < 10_000; i++) {
      Dispatch.Forward forward = (Dispatch.Forward) split.dispatch(HOST, random);
      if (forward.cluster().name().equals(V1)) {
        v1++;
      }
    }
    assertTrue(v1 >= 8_800 && v1 <= 9_200, "v1 got " + v1 + " of 10000");
  }

  @Test
  void shouldAlwaysPickV2WhenWeightsAreZeroAndHundred() {
    RouteTable allV2 = RouteFixtures.table(0, 100);
    Random random = new Random(7);
    for (int i = 0; i < 10_000; i++) {
      Dispatch.Forward forward = (Dispatch.Forward) allV2.dispatch(HOST, random);
      assertEquals(V2, forward.cluster().name());
      assertEquals("v2", forward.endpoint().version());
    }
  }

  @Test
  void shouldFailWithNoHealthyUpstreamWhenClusterHasNoEndpoints() {
    RouteTable empty = RouteTable.of(List.of(RouteFixtures.reviews(100, 0)),
        List.of(RouteFixtures.cluster(V1), RouteFixtures.cluster(V2)));
    Dispatch.Fail fail = assertInstanceOf(Dispatch.Fail.class, empty.dispatch(HOST, new Random(1)));
    assertEquals(503, fail.status());
    assertEquals("UH", fail.responseFlag());
    assertEquals(HOST, fail.destinationService());
  }

  @Test
  void shouldRoundRobinAmongTheClustersEndpoints() {
    RouteTable two = RouteTable.of(List.of(RouteFixtures.reviews(100, 0)), List.of(
        RouteFixtures.cluster(V1, RouteFixtures.endpoint(9001, "a", "v1"), RouteFixtures.endpoint(9003, "b", "v1")),
        RouteFixtures.cluster(V2)));
    Random random = new Random(1);
    List<String> picked = List.of(
        ((Dispatch.Forward) two.dispatch(HOST, random)).endpoint().workload(),
        ((Dispatch.Forward) two.dispatch(HOST, random)).endpoint().workload(),
        ((Dispatch.Forward) two.dispatch(HOST, random)).endpoint().workload());
    // the cursor starts at a random endpoint (as Envoy's does, so proxies do not all start on the first), then alternates
    assertEquals(List.of(picked.get(0), picked.get(1), picked.get(0)), picked);
    assertEquals(java.util.Set.of("a", "b"), java.util.Set.copyOf(picked.subList(0, 2)));
  }

  @Test
  void shouldRefuseToCompileARuleNamingAMissingCluster() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> RouteTable.of(List.of(RouteFixtures.reviews(90, 10)), List.of(RouteFixtures.cluster(V1))));
    assertTrue(e.getMessage().contains(V2), e.getMessage());
  }

  @Test
  void shouldStripPortsFromIpv6AuthoritiesOnly() {
    assertEquals("[::1]", RouteTable.hostOf("[::1]:8080"));
    assertEquals("[::1]", RouteTable.hostOf("[::1]"));
    assertEquals("reviews", RouteTable.hostOf("Reviews.:80"));
  }
}
