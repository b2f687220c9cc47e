package dev.meshlog.cli.inject;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.avro.AckStatus;
import dev.meshlog.avro.ProxyAck;
import dev.meshlog.avro.ProxySnapshot;
import dev.meshlog.kafka.local.KafkaBroker;
import dev.meshlog.proxy.Sidecar;
import dev.meshlog.proxy.SidecarTuning;
import dev.meshlog.schemas.TopicAdmin;
import dev.meshlog.schemas.TopicSpec;
import dev.meshlog.schemas.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A sidecar in pod mode: its id from the pod, its snapshot applied and ACKed, and not one cluster event of its own. */
@ExtendWith(KafkaBroker.class)
class PodSidecarIT {

  @TempDir Path podinfo;

  @Test
  void shouldServeItsSnapshotWithoutPublishingAClusterEvent() throws Exception {
    Topics topics = Topics.withPrefix(KafkaBroker.uniqueName("pod") + ".");
    String bootstrap = KafkaBroker.bootstrapServers();
    TopicAdmin.ensureTopics(bootstrap, topics.all(), 1, (short) 1);
    Files.writeString(podinfo.resolve("labels"), "app=\"ratings\"\nversion=\"v2\"\n");
    PodIdentity pod = PodIdentity.from(Map.of("POD_NAME", "ratings-5c7b-q8", "POD_NAMESPACE", "shop",
        "SERVICE_ACCOUNT", "ratings", "INSTANCE_IP", "127.0.0.1", "MESHLOG_APP_PORTS", "9080"), podinfo);

    try (Sidecar sidecar = Sidecar.start(pod.sidecarConfig(PodPorts.ANY, bootstrap, topics),
        SidecarTuning.defaults().forPod(PodPorts.ANY.bindAddress()))) {
      send(bootstrap, topics.proxySnapshots(), "ratings-5c7b-q8.shop", ProxySnapshot.newBuilder()
          .setProxyId("ratings-5c7b-q8.shop").setVersion(7).setHash("h7").setRoutes(List.of()).setClusters(List.of()).build());

      await().atMost(Duration.ofSeconds(90)).until(() -> sidecar.appliedVersion() == 7);
      AtomicReference<String> configDump = new AtomicReference<>();
      HttpClient http = HttpClient.newHttpClient();
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
        HttpResponse<String> ready = http.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + sidecar.adminPort() + "/ready")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, ready.statusCode(), ready.body());
      });
      configDump.set(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sidecar.adminPort() + "/config_dump"))
          .build(), HttpResponse.BodyHandlers.ofString()).body());
      assertTrue(configDump.get().contains("ratings-5c7b-q8.shop"), configDump.get());

      List<ProxyAck> acks = new ArrayList<>();
      await().atMost(Duration.ofSeconds(60)).until(() -> {
        acks.addAll(readAll(bootstrap, topics.proxyAcks()));
        return acks.stream().anyMatch(ack -> ack.getVersion() == 7 && ack.getStatus() == AckStatus.ACK);
      });
    }
    // Closed too: a self-registering sidecar would have written REGISTERED then REMOVED by now.
    assertEquals(List.of(), readAll(bootstrap, topics.clusterEvents()), "no cluster event from a pod-mode sidecar");
  }

  private static <V> void send(String bootstrap, TopicSpec<String, V> topic, String key, V value) throws Exception {
    try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
        topic.keySerde().serializer(), topic.valueSerde().serializer())) {
      producer.send(new ProducerRecord<>(topic.name(), key, value)).get();
    }
  }

  private static <V> List<V> readAll(String bootstrap, TopicSpec<String, V> topic) {
    List<V> values = new ArrayList<>();
    try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted"), topic.keySerde().deserializer(), topic.valueSerde().deserializer())) {
      TopicPartition partition = new TopicPartition(topic.name(), 0);
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      long end = consumer.endOffsets(List.of(partition)).get(partition);
      while (consumer.position(partition) < end) {
        consumer.poll(Duration.ofMillis(500)).forEach(record -> values.add(record.value()));
      }
    }
    return values;
  }
}
