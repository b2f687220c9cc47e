package dev.meshlog.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The JVM options a run passes to one child (to profile the engine of a burst, say), and to no other. */
class MeasuredJvmTest {

  @AfterEach
  void clear() {
    System.clearProperty("meshlog.bench.engine.jvm");
  }

  @Test
  void shouldPassTheOptionsOfTheChildsRoleOnly() {
    System.setProperty("meshlog.bench.engine.jvm", " -XX:StartFlightRecording=filename=/tmp/e.jfr   -Xss2m ");

    assertEquals(List.of("-XX:StartFlightRecording=filename=/tmp/e.jfr", "-Xss2m"), MeasuredJvm.extraOptions("engine"));
    assertEquals(List.of(), MeasuredJvm.extraOptions("broker"));
  }
}
