package dev.meshlog.proxy.route;

import static dev.meshlog.proxy.route.RouteFixtures.HOST;
import static dev.meshlog.proxy.route.RouteFixtures.V1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A rule's timeout and fault injection, as dispatch decides them per request. */
class FaultDispatchTest {

  private static final Random RANDOM = new Random(3);
  private static final RouteRequest GET = new RouteRequest("reviews", "GET", "/", new DefaultHttpHeaders(), 15001);

  private static RouteTable table(RuleAction action, FaultInjection fault) {
    Rule rule = new Rule("r", List.of(), action, HeaderPolicy.NONE, fault);
    return RouteTable.of(List.of(new VirtualHost(HOST, 80, List.of(HOST, "reviews"), List.of(rule))),
        List.of(RouteFixtures.cluster(V1, RouteFixtures.endpoint(9001, "reviews-v1", "v1"))));
  }

  private static RuleAction.Route toV1(Duration timeout) {
    return new RuleAction.Route(List.of(new WeightedCluster(V1, 100)), Rewrite.NONE, timeout);
  }

  private static FaultInjection delay(long millis, double percent) {
    return new FaultInjection(Optional.of(new FaultInjection.Delay(Duration.ofMillis(millis), Percentage.of(percent))),
        Optional.empty());
  }

  private static FaultInjection abort(int status, double percent) {
    return new FaultInjection(Optional.empty(), Optional.of(new FaultInjection.Abort(status, Percentage.of(percent))));
  }

  @Test
  void shouldCarryTheRouteTimeoutOnEveryForwardAndNoneByDefault() {
    Dispatch.Forward timed = assertInstanceOf(Dispatch.Forward.class,
        table(toV1(Duration.ofMillis(200)), FaultInjection.NONE).dispatch(GET, RANDOM));
    assertEquals(Duration.ofMillis(200), timed.timeout());
    Dispatch.Forward untimed = assertInstanceOf(Dispatch.Forward.class,
        table(new RuleAction.Route(List.of(new WeightedCluster(V1, 100)), Rewrite.NONE), FaultInjection.NONE).dispatch(GET, RANDOM));
    assertEquals(Duration.ZERO, untimed.timeout());
  }

  @Test
  void shouldRejectANegativeTimeoutOrDelayAndAnAbortStatusIstioRefuses() {
    assertThrows(IllegalArgumentException.class, () -> toV1(Duration.ofMillis(-1)));
    assertThrows(IllegalArgumentException.class, () -> delay(-5, 100));
    assertThrows(IllegalArgumentException.class, () -> abort(199, 100));
    assertThrows(IllegalArgumentException.class, () -> abort(600, 100));
  }

  @Test
  void shouldAbortWithFaultInjectionFlagInsteadOfPickingAnEndpoint() {
    Dispatch.Fail fail = assertInstanceOf(Dispatch.Fail.class, table(toV1(Duration.ZERO), abort(503, 100)).dispatch(GET, RANDOM));
    assertEquals(503, fail.status());
    assertEquals("FI", fail.responseFlag());
    assertEquals(HOST, fail.destinationService(), "the weighted cluster is picked before the fault filter, as in Envoy");
    assertEquals(HOST, fail.routeName());
  }

  @Test
  void shouldHoldTheForwardForTheDelayKeepingItsTimeoutApart() {
    Dispatch.Delayed delayed = assertInstanceOf(Dispatch.Delayed.class,
        table(toV1(Duration.ofMillis(200)), delay(300, 100)).dispatch(GET, RANDOM));
    assertEquals(Duration.ofMillis(300), delayed.delay());
    assertEquals(Duration.ofMillis(200), assertInstanceOf(Dispatch.Forward.class, delayed.then()).timeout());
  }

  @Test
  void shouldDelayThenAbortWhenBothAreDrawn() {
    FaultInjection both = new FaultInjection(delay(50, 100).delay(), abort(429, 100).abort());
    Dispatch.Delayed delayed = assertInstanceOf(Dispatch.Delayed.class, table(toV1(Duration.ZERO), both).dispatch(GET, RANDOM));
    assertEquals(429, assertInstanceOf(Dispatch.Fail.class, delayed.then()).status());
  }

  @Test
  void shouldApplyFaultsToADirectResponseRuleToo() {
    RuleAction direct = new RuleAction.DirectResponse(200, Optional.of("ok"));
    Dispatch.Fail fail = assertInstanceOf(Dispatch.Fail.class, table(direct, abort(500, 100)).dispatch(GET, RANDOM));
    assertEquals("FI", fail.responseFlag());
    assertEquals(HOST, fail.destinationService());
  }

  @Test
  void shouldNeverInjectAt0Percent() {
    RouteTable table = table(toV1(Duration.ZERO), new FaultInjection(delay(50, 0).delay(), abort(503, 0).abort()));
    for (int i = 0; i < 1_000; i++) {
      assertInstanceOf(Dispatch.Forward.class, table.dispatch(GET, RANDOM));
    }
  }

  @Test
  void shouldAbortAboutItsShareOfRequests() {
    RouteTable table = table(toV1(Duration.ZERO), abort(503, 30));
    int aborted = 0;
    for (int i = 0; i < 10_000; i++) {
      aborted += table.dispatch(GET, RANDOM) instanceof Dispatch.Fail ? 1 : 0;
    }
    assertEquals(3_000, aborted, 300, "30% of 10000");
  }

  @Test
  void shouldNotCreateADelayedDispatchForAZeroDelay() {
    assertInstanceOf(Dispatch.Forward.class, table(toV1(Duration.ZERO), delay(0, 100)).dispatch(GET, RANDOM));
  }
}
