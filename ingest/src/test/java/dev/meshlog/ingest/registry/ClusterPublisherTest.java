package dev.meshlog.ingest.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.avro.ClusterChange;
import dev.meshlog.avro.ClusterEvent;
import dev.meshlog.avro.Source;
import dev.meshlog.ingest.policy.Attribution;
import dev.meshlog.ingest.registry.wire.ClusterWire;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class ClusterPublisherTest {

  /** A producer whose sends of one subject fail (delivery timeout) the first {@code failures} times. */
  private static final class FlakyProducer extends MockProducer<String, ClusterEvent> {
    private final String failing;
    private int failures;
    final List<String> attempts = new ArrayList<>();

    FlakyProducer(String failing, int failures) {
      super(true, null, new StringSerializer(), (topic, event) -> new byte[0]);
      this.failing = failing;
      this.failures = failures;
    }

    @Override
    public synchronized Future<RecordMetadata> send(ProducerRecord<String, ClusterEvent> record, Callback callback) {
      attempts.add(record.key());
      if (record.key().equals(failing) && failures > 0) {
        failures--;
        return CompletableFuture.failedFuture(new TimeoutException("delivery timed out"));
      }
      return super.send(record, callback);
    }
  }

  private static ClusterEvent event(String name) {
    WorkloadRecord w = WorkloadRecord.of(name, "shop", "reviews", "default", Map.of(), Optional.empty(), "10.0.0.1", 9080, 80);
    return ClusterWire.event(new ClusterChangeSet.Change(ClusterChange.REGISTERED, w, new Attribution("a", "", Source.CLI)), Source.CLI,
        Clock.systemUTC());
  }

  @Test
  void shouldSendAFailedEventAgainAndReportEachAcknowledgement() {
    FlakyProducer producer = new FlakyProducer("Workload/shop/b", 2);
    List<String> acknowledged = new ArrayList<>();
    new ClusterPublisher(producer, "events").publish(List.of(event("a"), event("b")), e -> acknowledged.add(e.getEnvelope().getSubject()));
    assertEquals(List.of("Workload/shop/a", "Workload/shop/b", "Workload/shop/b", "Workload/shop/b"), producer.attempts);
    assertEquals(List.of("Workload/shop/a", "Workload/shop/b"), acknowledged);
    assertEquals(2, producer.history().size(), "each event written once");
  }

  @Test
  void shouldFailLoudlyAfterItsAttemptsNamingTheEventButKeepWhatWasAcknowledged() {
    FlakyProducer producer = new FlakyProducer("Workload/shop/b", 10);
    List<String> acknowledged = new ArrayList<>();
    ClusterPublisher publisher = new ClusterPublisher(producer, "events");
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> publisher.publish(List.of(event("a"), event("b")), ev -> acknowledged.add(ev.getEnvelope().getSubject())));
    assertTrue(e.getMessage().contains("Workload/shop/b"), e.getMessage());
    assertEquals(List.of("Workload/shop/a"), acknowledged);
  }

  @Test
  void shouldAdvanceTheReconcilersViewOnlyByAcknowledgedEvents() {
    FlakyProducer producer = new FlakyProducer("Workload/shop/b", 10);
    ClusterReconciler reconciler = new ClusterReconciler(Map.of(), new ClusterPublisher(producer, "events"), Clock.systemUTC());
    Map<String, Desired> desired = Map.of(
        "Workload/shop/a", new Desired(ClusterWire.resource(event("a")), new Attribution("a", "", Source.CLI)),
        "Workload/shop/b", new Desired(ClusterWire.resource(event("b")), new Attribution("a", "", Source.CLI)));
    assertThrows(IllegalStateException.class, () -> reconciler.reconcile(desired, k -> true, Source.CLI, new Attribution("a", "", Source.CLI)));
    assertEquals(List.of("Workload/shop/a"), List.copyOf(new java.util.TreeSet<>(reconciler.logged().keySet())));
    // the next reconciliation sends only what is still missing
    producer.attempts.clear();
    assertThrows(IllegalStateException.class, () -> reconciler.reconcile(desired, k -> true, Source.CLI, new Attribution("a", "", Source.CLI)));
    assertTrue(producer.attempts.stream().allMatch("Workload/shop/b"::equals), producer.attempts.toString());
  }
}
