package dev.meshlog.cli;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code meshlog} command in its own JVM, on the test's class path, its output in a file: for what only a
 * process shows, such as exiting on SIGTERM.
 */
public record ChildJvm(Process process, Path log) {

  public static ChildJvm start(Path log, List<String> jvmOptions, String... meshlogArgs) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.meshlog.cli.Meshlog"));
    command.addAll(List.of(meshlogArgs));
    return new ChildJvm(new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start(), log);
  }

  /** What it printed so far. */
  public String output() {
    try {
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (IOException e) {
      return "(log unreadable: " + e.getMessage() + ")";
    }
  }

  /** Sends SIGTERM (as {@code kill PID} does) and fails the test unless the process is gone within 30 s. */
  public void terminateAndAwaitExit() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      fail("still running 30 s after SIGTERM:\n" + output());
    }
  }

  /** Last resort, for a finally block: ends the process if it is still there. */
  public void kill() {
    process.destroyForcibly();
  }
}
