package dev.meshlog.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SidecarTuningTest {

  @Test
  void shouldSelfRegisterWithALoopbackAdminByDefault() {
    SidecarTuning tuning = SidecarTuning.defaults();

    assertTrue(tuning.selfRegistration());
    assertEquals("127.0.0.1", tuning.adminBindAddress());
  }

  @Test
  void shouldKeepPodModeThroughEveryOtherSetting() {
    SidecarTuning pod = SidecarTuning.defaults().forPod("0.0.0.0")
        .withAccessLog("-").withEventLoopThreads(2).withConnectTimeout(Duration.ofSeconds(1)).withTelemetryQueueCapacity(5);

    assertFalse(pod.selfRegistration(), "an injected sidecar never registers itself");
    assertEquals("0.0.0.0", pod.adminBindAddress());
    assertEquals(Optional.of("-"), pod.accessLog());
  }

  @Test
  void shouldRefuseABlankAdminAddress() {
    assertThrows(IllegalArgumentException.class, () -> SidecarTuning.defaults().forPod(" "));
  }
}
