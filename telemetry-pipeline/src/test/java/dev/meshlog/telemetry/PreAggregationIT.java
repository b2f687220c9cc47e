package dev.meshlog.telemetry;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.avro.Reporter;
import dev.meshlog.avro.RequestMetric;
import dev.meshlog.avro.RequestTelemetry;
import dev.meshlog.kafka.local.KafkaBroker;
import dev.meshlog.schemas.TopicAdmin;
import dev.meshlog.schemas.Topics;
import dev.meshlog.telemetry.aggregate.Accumulator;
import dev.meshlog.telemetry.aggregate.RequestAggregationTopology;
import dev.meshlog.telemetry.aggregate.RequestLabels;
import dev.meshlog.telemetry.aggregate.Sample;
import dev.meshlog.telemetry.histogram.DurationHistograms;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pre-aggregated topology on a real broker publishes exactly what folding every request one by
 * one gives (counts, errors, sums, the histogram bucket for bucket), also when the pipeline is closed
 * while it works through a backlog and started again: no request lost or counted twice.
 */
@ExtendWith(KafkaBroker.class)
class PreAggregationIT {

  private static final Logger log = LoggerFactory.getLogger(PreAggregationIT.class);
  /**
   * Event time starts at the current minute, not at a fixed date: the pipeline writes its changelogs and
   * the metrics topic with event-time timestamps, and the broker's retention check (every 5 minutes)
   * deletes whole logs whose newest record is older than their retention (1 day, 7 days).
   */
  private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.MINUTES);
  private static final int REQUESTS = 100_000;

  @TempDir Path stateDir;

  @Test
  void shouldPublishTheExactAggregatesOfEveryRequestOnceAcrossARestartMidBacklog() throws Exception {
    String bootstrap = KafkaBroker.bootstrapServers();
    Topics topics = Topics.withPrefix(KafkaBroker.uniqueName("preagg") + ".");
    TopicAdmin.ensureTopics(bootstrap, topics.all(), 2, (short) 1);
    String app = KafkaBroker.uniqueName("meshlog-telemetry-preagg-it");
    var config = PipelineConfig.defaults(bootstrap, topics, stateDir).withApplicationId(app).withStreamThreads(2);
    Map<String, Accumulator> expected = produce(bootstrap, topics);

    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      try (TelemetryPipeline first = TelemetryPipeline.start(config)) {
        first.awaitRunning(Duration.ofSeconds(90));
        await().atMost(Duration.ofSeconds(90)).until(() -> progress(admin, app, topics).committedTotal() > 0);
      }
      Progress atClose = progress(admin, app, topics);
      log.info("first pipeline closed: {}", atClose);
      assertEquals(REQUESTS, atClose.endTotal(), "requests on the input topic (a producer retry must not duplicate any)");

      try (TelemetryPipeline second = TelemetryPipeline.start(config)) {
        // Generous: on a shared 2-core machine the 100,000 requests took 80 s alone and over 120 s beside other
        // builds. A failure says where the group stood and fails at once if the pipeline stopped.
        await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
          assertTrue(second.isRunning(), "the restarted pipeline stopped (its log has the cause)");
          Progress now = progress(admin, app, topics);
          assertTrue(now.caughtUp(), () -> "restarted pipeline behind its input: " + now);
        });
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
            .untilAsserted(() -> assertSameCounts(counts(expected), counts(readLatest(bootstrap, topics))));
      }
    }

    Map<String, RequestMetric> latest = readLatest(bootstrap, topics);
    assertEquals(expected.keySet(), latest.keySet());
    expected.forEach((key, acc) -> {
      RequestMetric m = latest.get(key);
      assertEquals(acc.count(), m.getRequestCount(), key);
      assertEquals(acc.errors(), m.getErrorCount(), key);
      assertEquals(acc.durationSum(), m.getDurationMicrosSum(), key);
      assertEquals(acc.requestBytesSum(), m.getRequestBytesSum(), key);
      assertEquals(acc.responseBytesSum(), m.getResponseBytesSum(), key);
      Histogram want = acc.histogram();
      Histogram got = DurationHistograms.decode(m.getDurationHistogram());
      assertEquals(want, got, key);
      for (double p : new double[] {50, 90, 99}) {
        assertEquals(want.getValueAtPercentile(p), got.getValueAtPercentile(p), key + " p" + p);
      }
    });
    assertTrue(latest.values().stream().anyMatch(m -> m.getErrorCount() > 0 && !m.getRouteName().isEmpty()));
  }

  /** Requests over 50 s of event time in one minute, keyed by 6 reporting proxies over 2 partitions; returns the one-by-one fold per metric key. */
  private static Map<String, Accumulator> produce(String bootstrap, Topics topics) {
    var spec = topics.telemetryRequests();
    Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    Random random = new Random(11);
    Map<String, Accumulator> expected = new HashMap<>();
    AtomicReference<Exception> sendFailure = new AtomicReference<>();
    try (var producer = new KafkaProducer<>(props, spec.keySerde().serializer(), spec.valueSerde().serializer())) {
      for (int i = 0; i < REQUESTS; i++) {
        int edge = random.nextInt(6);
        long time = T0.toEpochMilli() + i * 50_000L / REQUESTS;
        RequestTelemetry t = RequestTelemetry.newBuilder()
            .setTime(Instant.ofEpochMilli(time)).setReporter(edge % 2 == 0 ? Reporter.SOURCE : Reporter.DESTINATION)
            .setReporterProxy("proxy-" + edge).setSourceWorkload("client-" + edge % 3).setSourceNamespace("default")
            .setDestinationService("svc-" + edge + ".default.svc.cluster.local").setDestinationWorkload("svc-" + edge)
            .setDestinationNamespace("default").setRouteName(i % 3 == 0 ? "route-" + edge % 2 : "")
            .setResponseCode(random.nextInt(5) == 0 ? 503 : 200)
            .setDurationMicros(1 + (long) Math.exp(Math.log(5_000) + random.nextGaussian() * 1.5))
            .setRequestBytes(random.nextInt(300)).setResponseBytes(random.nextInt(3_000))
            .build();
        producer.send(new ProducerRecord<>(spec.name(), t.getReporterProxy(), t), (metadata, e) -> {
          if (e != null) {
            sendFailure.compareAndSet(null, e);
          }
        });
        Sample s = Sample.of(t);
        List<String> labels = new ArrayList<>(List.of(RequestLabels.edgeOf(t).key()));
        if (!t.getRouteName().isEmpty()) {
          labels.add(RequestLabels.routeOf(t).key());
        }
        for (String l : labels) {
          for (long size : new long[] {10_000, 60_000}) {
            String key = RequestAggregationTopology.metricKey(l, size, time - time % size);
            expected.computeIfAbsent(key, k -> new Accumulator()).add(s);
          }
        }
      }
      producer.flush();
    }
    assertNull(sendFailure.get(), () -> "producing the requests failed: " + sendFailure.get());
    return expected;
  }

  /** Where the pipeline's group stands on the requests topic: committed and end offset per partition. */
  private record Progress(Map<Integer, Long> committed, Map<Integer, Long> end, String group) {
    long committedTotal() {
      return committed.values().stream().mapToLong(Long::longValue).sum();
    }

    long endTotal() {
      return end.values().stream().mapToLong(Long::longValue).sum();
    }

    boolean caughtUp() {
      return end.entrySet().stream().allMatch(e -> e.getValue().equals(committed.getOrDefault(e.getKey(), 0L)));
    }

    @Override
    public String toString() {
      return "committed " + committed + " of end offsets " + end + " per partition; group " + group;
    }
  }

  private static Progress progress(Admin admin, String group, Topics topics) throws Exception {
    String input = topics.telemetryRequests().name();
    Map<Integer, Long> committed = new TreeMap<>();
    admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().forEach((tp, offset) -> {
      if (tp.topic().equals(input) && offset != null) {
        committed.put(tp.partition(), offset.offset());
      }
    });
    Map<TopicPartition, OffsetSpec> latest = Map.of(
        new TopicPartition(input, 0), OffsetSpec.latest(), new TopicPartition(input, 1), OffsetSpec.latest());
    Map<Integer, Long> end = new TreeMap<>();
    admin.listOffsets(latest).all().get().forEach((tp, info) -> end.put(tp.partition(), info.offset()));
    ConsumerGroupDescription described = admin.describeConsumerGroups(List.of(group)).describedGroups().get(group).get();
    String members = described.groupState() + " with " + described.members().size() + " member(s)";
    return new Progress(committed, end, members);
  }

  /** Fails naming only the keys that differ: the whole map (some 200 keys) would hide them. */
  private static void assertSameCounts(Map<String, Long> want, Map<String, Long> got) {
    Map<String, String> diff = new TreeMap<>();
    want.forEach((k, n) -> {
      if (!n.equals(got.get(k))) {
        diff.put(k, "want " + n + ", got " + got.get(k));
      }
    });
    got.keySet().stream().filter(k -> !want.containsKey(k)).forEach(k -> diff.put(k, "unexpected, got " + got.get(k)));
    assertTrue(diff.isEmpty(), () -> diff.size() + " of " + want.size() + " metrics differ: " + diff);
  }

  private static Map<String, Long> counts(Map<String, ?> metrics) {
    Map<String, Long> counts = new HashMap<>();
    metrics.forEach((k, v) -> counts.put(k,
        v instanceof Accumulator a ? a.count() : ((RequestMetric) v).getRequestCount()));
    return counts;
  }

  /** Latest committed metric per key, from the start of the (2-partition) metrics topic. */
  private static Map<String, RequestMetric> readLatest(String bootstrap, Topics topics) {
    var spec = topics.telemetryMetrics();
    Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    try (var consumer = new KafkaConsumer<>(props, spec.keySerde().deserializer(), spec.valueSerde().deserializer())) {
      List<TopicPartition> parts = List.of(new TopicPartition(spec.name(), 0), new TopicPartition(spec.name(), 1));
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      Map<TopicPartition, Long> end = consumer.endOffsets(parts);
      Map<String, RequestMetric> latest = new HashMap<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (parts.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> latest.put(r.key(), r.value()));
      }
      return latest;
    }
  }
}
