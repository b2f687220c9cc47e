package dev.meshlog.proxy.telemetry;

import static org.awaitility.Awaitility.await;

import dev.meshlog.kafka.local.KafkaBroker;
import dev.meshlog.schemas.TopicAdmin;
import dev.meshlog.schemas.Topics;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * CPU the sidecar spends on telemetry per request, against a real broker: the event loop's offer,
 * the sender thread (Avro build and encoding, producer.send) and the producer's network thread
 * (batching, lz4, I/O), measured per thread with ThreadMXBean. Not part of the build; run with
 * {@code mvn -o -q -B -pl proxy verify -Dtest=None -Dit.test=TelemetryCpuBenchIT -Dmeshlog.bench=true
 * -Dsurefire.failIfNoSpecifiedTests=false}; it prints one line per round.
 */
@ExtendWith(KafkaBroker.class)
@EnabledIfSystemProperty(named = "meshlog.bench", matches = "true")
class TelemetryCpuBenchIT {

  private static final int PER_ROUND = 200_000;

  @Test
  void measureTelemetryCpuPerRequest() {
    String bootstrap = KafkaBroker.bootstrapServers();
    Topics topics = Topics.withPrefix(KafkaBroker.uniqueName("bench") + ".");
    TopicAdmin.ensureTopics(bootstrap, topics.all(), 1, (short) 1);
    String id = KafkaBroker.uniqueName("bench-proxy");
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    // With the request line tap needs (method, path with a query string to cut, authority, request id).
    RequestLine line = new RequestLine("GET", "/reviews/0?user=jason&page=2", "HTTP/1.1", "reviews:9080", "curl/8.5",
        "2f1c9d8e-4b7a-4c1e-9a0b-7e6d5c4b3a21", "10.0.0.7");
    RequestOutcome outcome = new RequestOutcome(1L, "reviews.default.svc.cluster.local", "reviews-v1", "default", "v1",
        "reviews.default.svc.cluster.local", 200, "-", 1_234, 0, 120, "http", line, "127.0.0.1:9080",
        "outbound|80||reviews.default.svc.cluster.local");
    try (TelemetryEmitter emitter = TelemetryEmitter.start(bootstrap, topics.telemetryRequests(),
        topics.telemetryConnections(), ReportingWorkload.of(id, "default", Map.of("app", "productpage", "version", "v1"), null),
        PER_ROUND)) {
      for (int round = 1; round <= 5; round++) {
        long before = telemetryCpu(threads, id);
        long callerBefore = threads.getCurrentThreadCpuTime();
        long done = emitter.counters().get(0).sent() + emitter.counters().get(0).dropped();
        for (int i = 0; i < PER_ROUND; i++) {
          emitter.record(outcome);
        }
        long callerNanos = threads.getCurrentThreadCpuTime() - callerBefore;
        long target = done + PER_ROUND;
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(50)).until(() ->
            emitter.counters().get(0).sent() + emitter.counters().get(0).dropped() + emitter.counters().get(0).failed() >= target);
        long backgroundNanos = telemetryCpu(threads, id) - before;
        System.out.printf("telemetry-cpu round %d: offer %.2f us/request (event loop), background %.2f us/request, "
                + "total %.2f us/request; dropped so far %d%n", round, callerNanos / 1_000.0 / PER_ROUND,
            backgroundNanos / 1_000.0 / PER_ROUND, (callerNanos + backgroundNanos) / 1_000.0 / PER_ROUND,
            emitter.counters().get(0).dropped());
      }
    }
  }

  /** CPU of the emitter's sender threads and its producer's network thread, in nanoseconds. */
  private static long telemetryCpu(ThreadMXBean threads, String proxyId) {
    long sum = 0;
    for (var info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info != null && info.getThreadName().contains("meshlog-telemetry-") && info.getThreadName().contains(proxyId)) {
        sum += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
      }
    }
    return sum;
  }
}
