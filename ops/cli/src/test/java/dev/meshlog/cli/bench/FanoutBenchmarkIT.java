package dev.meshlog.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.cli.Meshlog;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Runs {@code meshlog bench fanout} in-process with tiny numbers, self-contained (its own embedded
 * broker and engine, as a user runs it), so the benchmark cannot rot. No timing assertions: only that
 * it measured something and every change reached the proxies that should see it.
 */
class FanoutBenchmarkIT {

  private static final Pattern CHANGE = Pattern.compile("change +\\d+ (\\S+) v1=\\d+: (\\d+)/(\\d+) proxies ACKed, ([\\d,]+) ms");

  @Test
  void shouldMeasureEveryChangeReachingAllItsProxies() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Meshlog.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
        .execute("bench", "fanout", "--proxies", "5", "--services", "10", "--namespaces", "2", "--changes", "3");
    String report = out.toString();

    assertEquals(0, exit, report + err);
    List<Matcher> changes = CHANGE.matcher(report).results().map(r -> CHANGE.matcher(r.group())).toList();
    assertEquals(3, changes.size(), report);
    for (Matcher change : changes) {
      assertTrue(change.matches());
      assertEquals(change.group(3), change.group(2), "every proxy of the change's namespace ACKed it: " + change.group());
      // svc-0 and svc-2 live in bench-0 (proxies 0, 2, 4), svc-1 in bench-1 (proxies 1, 3)
      assertEquals(change.group(1).contains("/bench-0/") ? "3" : "2", change.group(3), change.group());
    }
    assertTrue(report.contains("3 of 3 changes reached all expected proxies"), report);
    assertTrue(Pattern.compile("apply-to-last-ACK over 3 changes: p50 [\\d,]+ ms, p99 [\\d,]+ ms").matcher(report).find(), report);
    assertTrue(Pattern.compile("events folded per second: [\\d,]+ \\([\\d,]+ events").matcher(report).find(), report);
    assertTrue(Pattern.compile("snapshot bytes per proxy \\(last snapshot of 5 proxies\\): p50 [1-9][\\d,]*").matcher(report).find(), report);
    for (String role : List.of("broker", "engine")) {
      assertTrue(Pattern.compile(role + " +pid \\d+ +heap after GC [1-9][\\d,]* MB, RSS [1-9][\\d,]* MB").matcher(report).find(),
          "the " + role + " JVM measured apart: " + report);
    }
    assertTrue(Pattern.compile("snapshot topic in total \\(seed and changes\\): [1-9][\\d,]* snapshots").matcher(report).find(), report);
    assertTrue(report.contains("result: OK"), report);
  }
}
