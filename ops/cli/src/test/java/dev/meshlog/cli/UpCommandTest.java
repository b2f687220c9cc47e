package dev.meshlog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.engine.snapshot.Debounce;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class UpCommandTest {

  @Test
  void shouldDefaultToIstiosDebounce() {
    UpCommand up = new UpCommand();
    new CommandLine(up).parseArgs();
    assertEquals(Debounce.ISTIO, UpCommand.debounce(up.debounceQuiet, up.debounceMax));
  }

  @Test
  void shouldTakeTheDebounceFromItsOptions() {
    UpCommand up = new UpCommand();
    new CommandLine(up).parseArgs("--debounce-quiet", "250ms", "--debounce-max", "2s");
    assertEquals(new Debounce(Duration.ofMillis(250), Duration.ofSeconds(2)), UpCommand.debounce(up.debounceQuiet, up.debounceMax));
  }

  @Test
  void shouldNameTheOptionOfABadDuration() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> UpCommand.debounce("soon", "10s"));
    assertTrue(e.getMessage().startsWith("--debounce-quiet: "), e.getMessage());
  }

  @Test
  void shouldRefuseAQuietPeriodLongerThanTheMaximum() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> UpCommand.debounce("5s", "1s"));
    assertTrue(e.getMessage().contains("quiet <= max"), e.getMessage());
  }

  @Test
  void shouldRefuseAWorkloadCertificateLifetimeThatIsNotADurationNamingTheOption() {
    CliRun run = CliRun.of("up", "--workload-cert-ttl", "a day", "--data-dir", "target/never-created");
    assertEquals(2, run.exitCode());
    assertTrue(run.err().contains("--workload-cert-ttl"), run.err());
    assertFalse(java.nio.file.Files.exists(java.nio.file.Path.of("target/never-created")), "nothing written");
  }

  @Test
  void shouldRefuseAZeroCheckpointIntervalNamingTheOption() {
    CliRun run = CliRun.of("up", "--checkpoint-interval", "0s", "--data-dir", "target/never-created");
    assertEquals(2, run.exitCode());
    assertTrue(run.err().contains("--checkpoint-interval: must be positive"), run.err());
    assertFalse(java.nio.file.Files.exists(java.nio.file.Path.of("target/never-created")), "nothing written");
  }

  @Test
  void shouldServeTelemetryOnPort15090ByDefault() {
    UpCommand up = new UpCommand();
    new CommandLine(up).parseArgs();
    assertEquals(15090, up.metricsPort);
  }

  @Test
  void shouldRefuseATopGroupingOtherThanServiceOrRoute() {
    CliRun run = CliRun.of("top", "--by", "edge", "--bootstrap", "127.0.0.1:1");
    assertEquals(2, run.exitCode());
    assertTrue(run.err().contains("--by: must be service or route, got 'edge'"), run.err());
  }
}
