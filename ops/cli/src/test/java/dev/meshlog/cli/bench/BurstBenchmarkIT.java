package dev.meshlog.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.cli.Meshlog;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code meshlog bench burst} at small scale, self-contained (its own broker and engine JVMs): 300
 * commands as fast as they go at 20 proxies and 40 services (small: the shared two-core machine folds
 * slowly). No timing assertions: every command became exactly one policy event, and every proxy
 * ended with the content of the log replayed from scratch.
 */
class BurstBenchmarkIT {

  @Test
  void shouldConvergeWithNothingLostOrDuplicatedAfterABurst() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Meshlog.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
        .execute("bench", "burst", "--proxies", "20", "--services", "40", "--namespaces", "4", "--targets", "10",
            "--commands", "300", "--calibration", "2", "--timeout", "1800", "--engine-heap", "1g", "--broker-heap", "512m");
    String report = out.toString();

    assertEquals(0, exit, report + err);
    Matcher events = Pattern.compile("events: ([\\d,]+) burst commands, lost (\\d+), duplicated (\\d+); policy chain sequence gaps"
        + " or repeats: (\\d+)").matcher(report);
    assertTrue(events.find(), report);
    assertEquals("300", events.group(1));
    assertEquals("0", events.group(2), "lost commands: " + report);
    assertEquals("0", events.group(3), "duplicated commands: " + report);
    assertEquals("0", events.group(4), "broken policy chain: " + report);
    assertTrue(report.contains("rejected by the sequencer: 0"), report);
    // proxies 0..19 in 4 namespaces; targets svc-0..svc-9 cover all four, so all 20 must ACK the final state
    assertTrue(report.contains("final state ACKed by every proxy that should see it: "), report);
    assertTrue(Pattern.compile("\\(20 of 20 proxies\\)").matcher(report).find(), report);
    assertTrue(report.contains("convergence: 20 of 20 proxies hold the content hash of the log replayed from scratch"), report);
    assertTrue(report.contains("result: OK"), report);
  }
}
