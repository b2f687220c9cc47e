package dev.meshlog.proxy.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.schemas.Topics;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A real Kafka producer whose broker cannot be reached: recording never waits, what does not fit
 * the queue is dropped and counted, and what the sender holds is dropped once the producer refuses
 * it (max.block.ms), never sent.
 */
class TelemetryBackpressureIT {

  @Test
  void shouldDropAndCountWithoutWaitingWhenNoBrokerAnswers() throws IOException {
    int nobody;
    try (ServerSocket socket = new ServerSocket(0)) {
      nobody = socket.getLocalPort(); // closed again: connections to it are refused
    }
    Topics topics = Topics.DEFAULT;
    TelemetryEmitter emitter = TelemetryEmitter.start("127.0.0.1:" + nobody, topics.telemetryRequests(),
        topics.telemetryConnections(), ReportingWorkload.of("p", "ns", Map.of(), null), 100);
    try {
      RequestOutcome outcome = new RequestOutcome(1L, "b.ns.svc.cluster.local", "b-1", "ns", "v1", "r", 200, "-", 10, 0, 0);
      long start = System.nanoTime();
      for (int i = 0; i < 20_000; i++) {
        emitter.record(outcome);
      }
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertTrue(millis < 2_000, "20,000 records took " + millis + " ms to record: recording must not wait");
      TelemetryCounters requests = emitter.counters().get(0);
      // Only the queue (100) and the batch its thread took (the record it polled, plus up to a full
      // queue drained after the queue refilled: 101) may be held back; every other record is dropped and counted.
      assertTrue(requests.dropped() >= 20_000 - (100 + 101), "dropped " + requests.dropped() + ", queued " + requests.queued());
      assertEquals(0, requests.sent());
    } finally {
      emitter.close(Duration.ofSeconds(2));
    }
  }
}
