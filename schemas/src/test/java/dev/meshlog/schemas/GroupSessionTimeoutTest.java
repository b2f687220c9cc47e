package dev.meshlog.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class GroupSessionTimeoutTest {

  @Test
  void shouldBeatAThirdOfTheSessionAndNeverLessOftenThanKafkasThreeSeconds() {
    assertEquals(Duration.ofSeconds(2), GroupSessionTimeout.heartbeat(Duration.ofSeconds(6)));
    assertEquals(Duration.ofSeconds(3), GroupSessionTimeout.heartbeat(Duration.ofSeconds(9)));
    assertEquals(Duration.ofSeconds(3), GroupSessionTimeout.heartbeat(GroupSessionTimeout.DEFAULT), "Kafka's defaults, 45 s and 3 s");
  }

  @Test
  void shouldRefuseWhatTheBrokerRefusesByDefault() {
    GroupSessionTimeout.check(Duration.ofSeconds(6));
    GroupSessionTimeout.check(Duration.ofMinutes(30));
    for (Duration bad : new Duration[] {Duration.ofMillis(5_999), Duration.ofMinutes(30).plusMillis(1), Duration.ZERO}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GroupSessionTimeout.check(bad));
      assertTrue(e.getMessage().contains("between 6s and 30m") && e.getMessage().endsWith("got " + bad.toMillis() + "ms"), e.getMessage());
    }
  }
}
