package dev.meshlog.proxy;

import static dev.meshlog.proxy.WireSnapshots.NS;
import static dev.meshlog.proxy.WireSnapshots.clusterConfig;
import static dev.meshlog.proxy.WireSnapshots.endpoint;
import static dev.meshlog.proxy.WireSnapshots.weighted;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.avro.ProxyAck;
import dev.meshlog.kafka.local.KafkaBroker;
import dev.meshlog.schemas.deadletter.DeadLetter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A snapshot of ours that does not decode: the proxy keeps serving its last good config, writes the record to the
 * dead-letter topic with its origin, counts it on /stats/prometheus, sends no answer for it (no version to answer),
 * and applies the next good snapshot.
 */
@ExtendWith(KafkaBroker.class)
class SnapshotDeadLetterIT {

  private static final Duration PATIENCE = Duration.ofSeconds(90);

  @RegisterExtension
  static final SnapshotFeed feed = new SnapshotFeed("snapdlq");

  @Test
  void shouldDeadLetterAnUndecodableSnapshotKeepServingAndApplyTheNextOne() throws Exception {
    String proxyId = KafkaBroker.uniqueName("poison");
    byte[] garbage = "{\"version\": 7, \"not\": \"avro\"}".getBytes(StandardCharsets.UTF_8);
    String snapshots = feed.topics().proxySnapshots().name();
    try (BackendApp app = BackendApp.start("v1");
        Sidecar client = Sidecar.start(new SidecarConfig(proxyId, "productpage", NS, Map.of(), "127.0.0.1", 0, 0, 0,
            feed.bootstrap(), feed.topics()));
        KafkaProducer<String, byte[]> raw = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, feed.bootstrap()),
            new StringSerializer(), new ByteArraySerializer());
        TopicProbe<ProxyAck> acks = new TopicProbe<>(feed.bootstrap(), feed.topics().proxyAcks());
        KafkaConsumer<byte[], byte[]> deadLetters = deadLetterReader()) {
      var v1 = List.of(endpoint(app.port(), "reviews-v1", "v1"));
      feed.publish(proxyId, WireSnapshots.snapshot(proxyId, 1, List.of(weighted("", 100)), List.of(clusterConfig("", v1))));
      await().atMost(PATIENCE).until(() -> client.appliedVersion() == 1);

      RecordMetadata poison = raw.send(new ProducerRecord<>(snapshots, proxyId, garbage)).get();
      List<ConsumerRecord<byte[], byte[]>> ours = new ArrayList<>();
      await().atMost(PATIENCE).until(() -> {
        deadLetters.poll(Duration.ofMillis(200)).forEach(r -> {
          if (DeadLetter.header(r.headers(), DeadLetter.HEADER_TOPIC).orElse("").equals(snapshots)) {
            ours.add(r);
          }
        });
        return !ours.isEmpty();
      });
      ConsumerRecord<byte[], byte[]> dead = ours.get(0);
      assertArrayEquals(garbage, dead.value(), "the original bytes");
      assertEquals(proxyId, new String(dead.key(), StandardCharsets.UTF_8));
      assertEquals(String.valueOf(poison.partition()), DeadLetter.header(dead.headers(), DeadLetter.HEADER_PARTITION).orElseThrow());
      assertEquals(String.valueOf(poison.offset()), DeadLetter.header(dead.headers(), DeadLetter.HEADER_OFFSET).orElseThrow());
      assertTrue(DeadLetter.header(dead.headers(), DeadLetter.HEADER_EXCEPTION).orElseThrow().endsWith("SerializationException"));
      assertTrue(stats(client).contains("meshlog_deadletter_records_total{job=\"proxy\",topic=\"" + snapshots + "\"} 1\n"),
          () -> stats(client));
      assertEquals(1, client.appliedVersion(), "the last good config stays");
      try (RawHttpClient http = new RawHttpClient(client.outboundPort())) {
        assertEquals(200, http.get("reviews", "/").status());
      }

      feed.publish(proxyId, WireSnapshots.snapshot(proxyId, 2, List.of(weighted("", 100)), List.of(clusterConfig("", v1))));
      await().atMost(PATIENCE).until(() -> client.appliedVersion() == 2);
      List<ProxyAck> answers = acks.awaitValues(all -> all.stream().anyMatch(a -> a.getProxyId().equals(proxyId) && a.getVersion() == 2))
          .stream().filter(a -> a.getProxyId().equals(proxyId)).toList();
      assertEquals(List.of(1L, 2L), answers.stream().map(ProxyAck::getVersion).toList(), "no answer for the undecodable record: " + answers);
    }
  }

  private static KafkaConsumer<byte[], byte[]> deadLetterReader() {
    KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, feed.bootstrap(),
        ConsumerConfig.GROUP_ID_CONFIG, "snapdlq-" + UUID.randomUUID(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    consumer.subscribe(List.of(feed.topics().deadLetter().name()));
    return consumer;
  }

  private static String stats(Sidecar client) {
    try {
      return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + client.adminPort() + "/stats/prometheus"))
          .build(), HttpResponse.BodyHandlers.ofString()).body();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
