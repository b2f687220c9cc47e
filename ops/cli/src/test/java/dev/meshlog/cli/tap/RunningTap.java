package dev.meshlog.cli.tap;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.meshlog.cli.Meshlog;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A {@code meshlog tap} running in-process in its own thread, with what it printed so far. */
record RunningTap(CompletableFuture<Integer> exit, StringWriter out, StringWriter err) {

  /** Starts the tap and returns once it is positioned: from then on every record is seen. */
  static RunningTap start(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CompletableFuture<Integer> exit = new CompletableFuture<>();
    Thread thread = new Thread(() -> {
      try {
        exit.complete(Meshlog.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(args));
      } catch (Throwable t) {
        exit.completeExceptionally(t);
      }
    }, "tap-under-test");
    thread.setDaemon(true);
    thread.start();
    // The banner comes once the start positions are pinned: from here on every record is seen.
    await().atMost(Duration.ofSeconds(90)).until(() -> err.toString().contains("tapping") || exit.isDone());
    assertFalse(exit.isDone(), () -> "tap ended early: " + err);
    return new RunningTap(exit, out, err);
  }

  int awaitExit() throws Exception {
    return exit.get(90, TimeUnit.SECONDS);
  }
}
