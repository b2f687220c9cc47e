package dev.meshlog.cli.metrics;

import static dev.meshlog.cli.metrics.MetricFixtures.NOW;
import static dev.meshlog.cli.metrics.MetricFixtures.edge;
import static dev.meshlog.cli.metrics.MetricFixtures.tcp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.meshlog.schemas.deadletter.DeadLetterCounts;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Real /metrics output through {@code promtool check metrics} (Debian package prometheus, installed
 * by .ci/run). promtool's linter flags the unit of Istio's own name,
 * {@code istio_request_duration_milliseconds} ("use base unit seconds"), with exit code 3; that one
 * finding is the price of keeping Istio's name and is the only one allowed. A parse error or any
 * other lint finding fails.
 */
class PromtoolCheckIT {

  static final String ISTIO_UNIT_FINDING =
      "meshlog_request_duration_milliseconds use base unit \"seconds\" instead of \"milliseconds\"";

  private static Path promtool() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      Path p = Path.of(dir, "promtool");
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    return fail("promtool not found on PATH: install the Debian package prometheus (apt-get install prometheus), as .ci/run does");
  }

  private record Check(int exit, List<String> findings) {}

  private static Check check(String exposition) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(promtool().toString(), "check", "metrics").redirectErrorStream(true).start();
    try (OutputStream in = p.getOutputStream()) {
      in.write(exposition.getBytes(StandardCharsets.UTF_8));
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "promtool did not finish");
    return new Check(p.exitValue(), out.lines().filter(l -> !l.isBlank()).toList());
  }

  @Test
  void shouldPassPromtoolApartFromIstiosMillisecondUnit() throws Exception {
    MetricWindows windows = new MetricWindows(List.of(
        edge(NOW, 200, 300, 3_000, 40_000, 2_000_000).build(),
        edge(NOW, 503, 120_000).setResponseFlags("UF,URX").setSourceWorkload("odd \"name\"\\with\nnewline").build(),
        edge(NOW.plusSeconds(10), 200, 700).setGrpcResponseStatus("0").setRequestProtocol("grpc").build(),
        edge(NOW, 200, 1_000).setRouteName("per-route-is-not-counted").build()),
        List.of(tcp(NOW, 3, 2, 500, 700).build(), tcp(NOW.plusSeconds(10), 1, 1, 5, 7).setReporter("destination").build()));
    String text = PrometheusText.render(new CumulativeMetrics().fold(windows));

    Check result = check(text);
    assertEquals(List.of(ISTIO_UNIT_FINDING), result.findings(), "promtool findings on:\n" + text);
    assertEquals(3, result.exit(), "promtool exits 3 for lint findings only (1 would be a parse error)");
  }

  @Test
  void shouldPassPromtoolCleanlyWithTheDurationInSeconds() throws Exception {
    MetricWindows windows = new MetricWindows(List.of(
        edge(NOW, 200, 300, 3_000, 40_000, 2_000_000).build(),
        edge(NOW, 503, 120_000).setSourceWorkload("odd \"name\"\\with\nnewline").build()),
        List.of(tcp(NOW, 3, 2, 500, 700).build()));
    String text = PrometheusText.render(new CumulativeMetrics().fold(windows), DurationUnit.SECONDS);
    Check result = check(text);
    assertEquals(List.of(), result.findings(), "promtool findings on:\n" + text);
    assertEquals(0, result.exit());
  }

  @Test
  void shouldPassPromtoolWithNoTraffic() throws Exception {
    Check result = check(PrometheusText.render(new CumulativeMetrics().fold(MetricWindows.empty())));
    assertEquals(0, result.exit(), String.join("\n", result.findings()));
  }

  @Test
  void shouldPassPromtoolWithTheDeadLetterCounterOfSeveralJobs() throws Exception {
    DeadLetterCounts engine = new DeadLetterCounts("engine");
    engine.count("mesh.policy.commands");
    engine.count("mesh.policy.commands");
    engine.count("mesh.cluster.events");
    DeadLetterCounts pipeline = new DeadLetterCounts("pipeline");
    pipeline.count("mesh.telemetry.requests");
    String exposition = DeadLetterCounts.prometheus(List.of(engine, pipeline, new DeadLetterCounts("up")));
    assertTrue(exposition.contains("meshlog_deadletter_records_total{job=\"engine\",topic=\"mesh.policy.commands\"} 2\n"), exposition);
    Check check = check(exposition);
    assertEquals(0, check.exit(), check.findings().toString());
  }
}
