package dev.meshlog.cli.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.cli.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
    ChildJvm bench = ChildJvm.start(dir.resolve("out.log"), List.of("-Xmx512m"),
        "bench", "history-log", "--events", "3000", "--hold", "--ready-file", ready.toString());
    try {
      Awaitility.await("the held broker").atMost(Duration.ofSeconds(300)).pollInterval(Duration.ofMillis(200))
          .until(() -> Files.exists(ready) || !bench.process().isAlive());
      assertTrue(bench.process().isAlive(), () -> "exited before holding:\n" + bench.output());
      Awaitility.await("the hold message").atMost(Duration.ofSeconds(60)).until(() -> bench.output().contains("holding the broker"));

      bench.terminateAndAwaitExit();
    } finally {
      bench.kill();
    }
  }
}
