package dev.meshlog.cli.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code meshlog bench history-log --hold} keeps its embedded broker up for the commands being benchmarked, and must
 * go away when it is stopped: a held run that ignored SIGTERM once left brokers behind on this machine. This runs the
 * real command in its own JVM, waits until it holds, sends SIGTERM and expects the process gone.
 */
class HistoryLogHoldIT {

  @TempDir
  Path dir;

  @Test
  void shouldExitOnSigtermWhileHoldingTheBroker() throws Exception {
    Path ready = dir.resolve("ready.env");
    Path log = dir.resolve("out.log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process = new ProcessBuilder(List.of(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
        "dev.meshlog.cli.Meshlog", "bench", "history-log", "--events", "3000", "--hold", "--ready-file", ready.toString()))
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      Awaitility.await("the held broker").atMost(Duration.ofSeconds(300)).pollInterval(Duration.ofMillis(200))
          .until(() -> Files.exists(ready) || !process.isAlive());
      assertTrue(process.isAlive(), () -> "exited before holding:\n" + read(log));
      Awaitility.await("the hold message").atMost(Duration.ofSeconds(60)).until(() -> read(log).contains("holding the broker"));

      process.destroy(); // SIGTERM, as `kill PID` sends
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        fail("still running 30 s after SIGTERM:\n" + read(log));
      }
    } finally {
      process.destroyForcibly();
    }
  }

  private static String read(Path log) {
    try {
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (java.io.IOException e) {
      return "(log unreadable: " + e.getMessage() + ")";
    }
  }
}
