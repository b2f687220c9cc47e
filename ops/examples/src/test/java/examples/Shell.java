package examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Runs a documented shell snippet as a user would paste it: bash, strict mode, in the repository root. */
final class Shell {

  private static final long TIMEOUT_SECONDS = 120;

  private Shell() {}

  /** The snippet's standard output; fails the test, showing its stderr, if it exits non-zero or hangs. */
  static String run(String script, Path dir) throws Exception {
    Path out = Files.createTempFile("example", ".out");
    Path err = Files.createTempFile("example", ".err");
    try {
      Process process = new ProcessBuilder("bash", "-euo", "pipefail", "-c", script).directory(dir.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
          .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      boolean finished = process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      if (!finished) {
        process.destroyForcibly();
      }
      String stderr = Files.readString(err, StandardCharsets.UTF_8);
      assertTrue(finished, "still running after " + TIMEOUT_SECONDS + " s:\n" + script + "\nstderr:\n" + stderr);
      assertEquals(0, process.exitValue(), "exit code of:\n" + script + "\nstderr:\n" + stderr);
      return Files.readString(out, StandardCharsets.UTF_8);
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
