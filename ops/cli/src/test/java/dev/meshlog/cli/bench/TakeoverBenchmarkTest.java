package dev.meshlog.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.cli.Meshlog;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** What {@code meshlog bench takeover} refuses before it starts anything. */
class TakeoverBenchmarkTest {

  @Test
  void shouldRefuseASingleEngineBecauseNothingCouldTakeOver() {
    StringWriter err = new StringWriter();
    int code = Meshlog.commandLine().setErr(new PrintWriter(err, true)).execute("bench", "takeover", "--engines", "1");
    assertEquals(2, code);
    assertTrue(err.toString().contains("--engines: a takeover needs at least 2 instances, got 1"), err.toString());
  }

  @Test
  void shouldRefuseAnExistingMeshBecauseItStopsOnlyEnginesItStarted() {
    StringWriter err = new StringWriter();
    int code = Meshlog.commandLine().setErr(new PrintWriter(err, true)).execute("bench", "takeover", "--bootstrap", "127.0.0.1:1");
    assertEquals(2, code);
    assertTrue(err.toString().contains("--bootstrap: takeover stops an engine it started"), err.toString());
  }
}
