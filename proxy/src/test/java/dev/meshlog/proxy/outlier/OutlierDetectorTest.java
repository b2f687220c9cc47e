package dev.meshlog.proxy.outlier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Envoy's outlier detection state machine, driven by a hand-moved clock. */
class OutlierDetectorTest {

  private static final InetSocketAddress A = InetSocketAddress.createUnresolved("10.0.0.1", 8080);
  private static final InetSocketAddress B = InetSocketAddress.createUnresolved("10.0.0.2", 8080);
  private static final InetSocketAddress C = InetSocketAddress.createUnresolved("10.0.0.3", 8080);

  private final AtomicLong now = new AtomicLong(1_000_000);

  private static OutlierPolicy policy(int fiveXx, int gateway, int maxPercent) {
    return new OutlierPolicy(fiveXx, gateway, Duration.ofMillis(100), Duration.ofMillis(300), maxPercent);
  }

  private OutlierDetector detector(OutlierPolicy policy, InetSocketAddress... endpoints) {
    OutlierDetector detector = new OutlierDetector(policy, now::get);
    for (InetSocketAddress endpoint : endpoints) {
      detector.host(endpoint);
    }
    return detector;
  }

  private static void respond(OutlierDetector detector, HostOutlier host, int status, int times) {
    for (int i = 0; i < times; i++) {
      detector.responded(host, status);
    }
  }

  @Test
  void shouldEjectAtTheThirdConsecutive5xxAndNotBefore() {
    OutlierDetector detector = detector(policy(3, 0, 100), A, B);
    HostOutlier a = detector.host(A);
    respond(detector, a, 500, 2);
    assertFalse(a.isEjected());
    detector.responded(a, 500);
    assertTrue(a.isEjected());
    assertEquals(1_000_300, a.ejectedUntilMillis());
    assertEquals(1, a.ejections());
    assertEquals(1, detector.ejectedCount());
    assertEquals(1, detector.ejectionsTotal());
  }

  @Test
  void shouldStartTheRunOverAfterASuccess() {
    OutlierDetector detector = detector(policy(3, 0, 100), A, B);
    HostOutlier a = detector.host(A);
    respond(detector, a, 500, 2);
    detector.responded(a, 200);
    respond(detector, a, 503, 2);
    assertFalse(a.isEjected());
    detector.responded(a, 404); // a 4xx is a success for outlier detection
    respond(detector, a, 500, 2);
    assertFalse(a.isEjected());
  }

  @Test
  void shouldCountLocalFailuresAndTimeoutsAsGatewayErrors() {
    OutlierDetector detector = detector(policy(0, 3, 100), A, B);
    HostOutlier a = detector.host(A);
    detector.failedLocally(a);
    detector.timedOut(a);
    detector.responded(a, 500); // a 5xx that is not a gateway error breaks the gateway run
    detector.failedLocally(a);
    detector.responded(a, 502);
    assertFalse(a.isEjected());
    detector.timedOut(a);
    assertTrue(a.isEjected());
  }

  @Test
  void shouldNotEjectWhenBothCountsAreDisabled() {
    OutlierDetector detector = detector(policy(0, 0, 100), A, B);
    respond(detector, detector.host(A), 503, 50);
    assertFalse(detector.host(A).isEjected());
  }

  @Test
  void shouldEjectTheFirstOfTwoUnderTheDefaultTenPercentButNotTheSecond() {
    OutlierDetector detector = detector(policy(1, 0, 10), A, B);
    detector.responded(detector.host(A), 500);
    detector.responded(detector.host(B), 500);
    assertTrue(detector.host(A).isEjected());
    assertFalse(detector.host(B).isEjected(), "50% ejected already is not below 10%");
    assertEquals(1, detector.ejectionsOverflow());
  }

  @Test
  void shouldEjectEveryEndpointWhenMaxEjectionPercentIs100() {
    OutlierDetector detector = detector(policy(1, 0, 100), A, B, C);
    for (InetSocketAddress address : List.of(A, B, C)) {
      detector.responded(detector.host(address), 500);
    }
    assertEquals(3, detector.ejectedCount());
  }

  @Test
  void shouldLiftAnEjectionAtTheFirstReviewAfterItsTime() {
    OutlierDetector detector = detector(policy(1, 0, 100), A, B);
    HostOutlier a = detector.host(A);
    detector.responded(a, 500);
    now.addAndGet(299);
    detector.review();
    assertTrue(a.isEjected());
    now.addAndGet(1);
    detector.review();
    assertFalse(a.isEjected());
    assertEquals(0, a.ejectedUntilMillis());
    assertEquals(0, detector.ejectedCount());
  }

  @Test
  void shouldEjectForLongerEachTimeAndRelaxWhileHealthy() {
    OutlierDetector detector = detector(policy(1, 0, 100), A, B);
    HostOutlier a = detector.host(A);
    detector.responded(a, 500);
    now.addAndGet(300);
    detector.review();
    detector.responded(a, 500);
    assertEquals(now.get() + 600, a.ejectedUntilMillis(), "second ejection: base x 2");
    now.addAndGet(600);
    detector.review(); // lifted; multiplier still 2
    assertEquals(2, a.multiplier());
    now.addAndGet(100);
    detector.review(); // healthy for an interval since: multiplier 1
    assertEquals(1, a.multiplier());
    now.addAndGet(100);
    detector.review();
    assertEquals(0, a.multiplier());
    detector.responded(a, 500);
    assertEquals(now.get() + 300, a.ejectedUntilMillis(), "back to the base time");
    assertEquals(3, a.ejections());
  }

  @Test
  void shouldCapTheEjectionTimeAtEnvoysMaximum() {
    OutlierPolicy policy = new OutlierPolicy(1, 0, Duration.ofSeconds(10), Duration.ofSeconds(200), 100);
    assertEquals(200_000, policy.ejectionMillis(1));
    assertEquals(300_000, policy.ejectionMillis(2));
    assertEquals(300_000, policy.ejectionMillis(50));
  }

  @Test
  void shouldKeepEjectionsOfEndpointsStillPresentAndForgetRemovedOnes() {
    OutlierDetector detector = detector(policy(1, 0, 100), A, B, C);
    detector.responded(detector.host(A), 500);
    detector.responded(detector.host(C), 500);
    detector.update(policy(2, 0, 100), List.of(A, B));
    assertTrue(detector.host(A).isEjected());
    assertEquals(1, detector.ejectedCount());
    assertFalse(detector.host(C).isEjected(), "a returning endpoint starts fresh");
  }

  @Test
  void shouldLiftEveryEjectionWhenDetectionIsTurnedOff() {
    OutlierDetector detector = detector(policy(1, 0, 100), A, B);
    detector.responded(detector.host(A), 500);
    detector.update(OutlierPolicy.NONE, List.of(A, B));
    assertFalse(detector.host(A).isEjected());
  }

  @Test
  void shouldRejectAPercentageOutside0To100() {
    assertThrows(IllegalArgumentException.class, () -> policy(1, 0, 101));
  }
}
