package dev.meshlog.proxy.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RenewalScheduleTest {

  private static final Instant NOT_BEFORE = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void shouldRenewAtHalfLifeByDefaultAsIstioDoes() {
    RenewalSchedule schedule = RenewalSchedule.of(WorkloadIdentityConfig.withToken("t"));

    assertEquals(NOT_BEFORE.plus(Duration.ofHours(12)), schedule.renewAt(NOT_BEFORE, NOT_BEFORE.plus(Duration.ofHours(24))));
    assertEquals(NOT_BEFORE.plusSeconds(2), schedule.renewAt(NOT_BEFORE, NOT_BEFORE.plusSeconds(4)));
  }

  @Test
  void shouldRenewAtTheConfiguredFractionOfTheLifetime() {
    RenewalSchedule schedule = RenewalSchedule.of(WorkloadIdentityConfig.withToken("t").withRenewFraction(0.8));

    assertEquals(NOT_BEFORE.plus(Duration.ofMinutes(80)), schedule.renewAt(NOT_BEFORE, NOT_BEFORE.plus(Duration.ofMinutes(100))));
  }

  @Test
  void shouldDoubleTheWaitForAnAnswerUpToTheCap() {
    RenewalSchedule schedule = RenewalSchedule.of(WorkloadIdentityConfig.withToken("t"));

    assertEquals(Duration.ofSeconds(1), schedule.backoff(0));
    assertEquals(Duration.ofSeconds(2), schedule.backoff(1));
    assertEquals(Duration.ofSeconds(32), schedule.backoff(5));
    assertEquals(Duration.ofSeconds(60), schedule.backoff(6));
    assertEquals(Duration.ofSeconds(60), schedule.backoff(1_000), "no overflow after many attempts");
  }

  @Test
  void shouldRefuseFractionsOutsideTheLifetime() {
    assertThrows(IllegalArgumentException.class, () -> WorkloadIdentityConfig.withToken("t").withRenewFraction(1.0));
    assertThrows(IllegalArgumentException.class, () -> WorkloadIdentityConfig.withToken("t").withRenewFraction(0));
  }
}
