package dev.meshlog.proxy.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.awaitility.Awaitility.await;

import dev.meshlog.avro.ConnectionTelemetry;
import dev.meshlog.avro.RequestTelemetry;
import dev.meshlog.schemas.Topics;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class TelemetryEmitterTest {

  private static final Topics TOPICS = Topics.DEFAULT;
  private static final ReportingWorkload SELF = ReportingWorkload.of("p1", "ns", Map.of("app", "a"), null);

  private static RequestOutcome outcome() {
    return new RequestOutcome(1L, "b.ns.svc.cluster.local", "b-1", "ns", "v1", "r", 200, "-", 10, 0, 0);
  }

  @Test
  void shouldSendEveryRecordKeyedByTheReportingProxyAndCountItSent() throws Exception {
    MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
    try (TelemetryEmitter emitter = new TelemetryEmitter(producer, TOPICS.telemetryRequests(), TOPICS.telemetryConnections(),
        SELF, 100)) {
      emitter.record(outcome());
      emitter.record(new ConnectionReport(1L, ConnectionReport.Event.OPENED, "db.ns.svc.cluster.local", "db-1", "ns", "db",
          "v1", "unknown", "db.ns.svc.cluster.local:5432", "-", 0, 0, 0));
      await().atMost(Duration.ofSeconds(30)).until(() -> producer.history().size() == 2);
      ProducerRecord<String, byte[]> request = producer.history().stream()
          .filter(r -> r.topic().equals(TOPICS.telemetryRequests().name())).findFirst().orElseThrow();
      assertEquals("p1", request.key());
      RequestTelemetry decoded = TOPICS.telemetryRequests().valueSerde().deserializer().deserialize(request.topic(), request.value());
      assertEquals("a", decoded.getSourceApp());
      assertEquals("b", decoded.getDestinationServiceName());
      ProducerRecord<String, byte[]> connection = producer.history().stream()
          .filter(r -> r.topic().equals(TOPICS.telemetryConnections().name())).findFirst().orElseThrow();
      ConnectionTelemetry opened = TOPICS.telemetryConnections().valueSerde().deserializer()
          .deserialize(connection.topic(), connection.value());
      assertEquals("db-1", opened.getDestinationWorkload());
      await().atMost(Duration.ofSeconds(30)).until(() -> emitter.counters().get(0).sent() == 1
          && emitter.counters().get(1).sent() == 1);
      assertEquals(0, emitter.dropped());
    }
  }

  @Test
  void shouldDropAndCountWithoutWaitingWhenTheSenderIsStuck() throws Exception {
    CountDownLatch stuck = new CountDownLatch(1);
    // A producer that never returns from send: the sender thread takes one record and hangs on it.
    MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer()) {
      @Override
      public synchronized Future<RecordMetadata> send(ProducerRecord<String, byte[]> record, Callback callback) {
        try {
          stuck.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return super.send(record, callback);
      }
    };
    TelemetryEmitter emitter = new TelemetryEmitter(producer, TOPICS.telemetryRequests(), TOPICS.telemetryConnections(),
        SELF, 10);
    try {
      long start = System.nanoTime();
      for (int i = 0; i < 10_000; i++) {
        emitter.record(outcome());
      }
      long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
      assertTrue(elapsedMillis < 2_000, "recording must never wait on the sender, took " + elapsedMillis + " ms");
      TelemetryCounters requests = emitter.counters().get(0);
      // Only what fits the queue (10) and the one batch the stuck sender took got through. That batch is the record it
      // polled plus a full drain of the queue refilled meanwhile (at most 1 + 10): 21 in all, never more.
      assertTrue(requests.dropped() >= 10_000 - 21, "dropped " + requests.dropped());
      assertTrue(requests.queued() <= 10);
      assertEquals(0, requests.sent());
    } finally {
      stuck.countDown();
      emitter.close(Duration.ofSeconds(10));
    }
  }

  @Test
  void shouldCountARecordTheProducerRefusesAsDropped() {
    MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer()) {
      @Override
      public synchronized Future<RecordMetadata> send(ProducerRecord<String, byte[]> record, Callback callback) {
        throw new TimeoutException("buffer exhausted");
      }
    };
    try (TelemetryEmitter emitter = new TelemetryEmitter(producer, TOPICS.telemetryRequests(), TOPICS.telemetryConnections(),
        SELF, 100)) {
      for (int i = 0; i < 5; i++) {
        emitter.record(outcome());
      }
      await().atMost(Duration.ofSeconds(30)).until(() -> emitter.counters().get(0).dropped() == 5);
      assertEquals(0, emitter.counters().get(0).sent());
    }
  }

  @Test
  void shouldCountARecordTheBrokerDidNotTakeAsFailed() {
    MockProducer<String, byte[]> producer = new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer());
    try (TelemetryEmitter emitter = new TelemetryEmitter(producer, TOPICS.telemetryRequests(), TOPICS.telemetryConnections(),
        SELF, 100)) {
      emitter.record(outcome());
      await().atMost(Duration.ofSeconds(30)).until(() -> producer.history().size() == 1);
      producer.errorNext(new TimeoutException("delivery timed out"));
      assertEquals(1, emitter.counters().get(0).failed());
      assertEquals(0, emitter.counters().get(0).sent());
    }
  }
}
