package dev.meshlog.proxy;

import static org.awaitility.Awaitility.await;

import dev.meshlog.avro.ProxySnapshot;
import dev.meshlog.kafka.local.KafkaBroker;
import dev.meshlog.schemas.TopicAdmin;
import dev.meshlog.schemas.Topics;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A test class's own topics on the shared broker and a producer of snapshots, as the engine would
 * publish them: {@code @RegisterExtension static final SnapshotFeed feed = new SnapshotFeed("routing");}
 * on a class extended with {@link KafkaBroker} (which starts first).
 */
final class SnapshotFeed implements BeforeAllCallback, AfterAllCallback {

  private final String name;
  private String bootstrap;
  private Topics topics;
  private KafkaProducer<String, ProxySnapshot> producer;

  SnapshotFeed(String name) {
    this.name = name;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    bootstrap = KafkaBroker.bootstrapServers();
    topics = Topics.withPrefix(KafkaBroker.uniqueName(name) + ".");
    TopicAdmin.ensureTopics(bootstrap, topics.all(), 1, (short) 1);
    producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
        topics.proxySnapshots().keySerde().serializer(), topics.proxySnapshots().valueSerde().serializer());
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (producer != null) {
      producer.close();
    }
  }

  String bootstrap() {
    return bootstrap;
  }

  Topics topics() {
    return topics;
  }

  /** Publishes {@code snapshot} for {@code proxyId} and waits until the broker has it. */
  void publish(String proxyId, ProxySnapshot snapshot) throws ExecutionException, InterruptedException {
    producer.send(new ProducerRecord<>(topics.proxySnapshots().name(), proxyId, snapshot)).get();
  }

  /**
   * {@code server} once it applied a first snapshot (version 1, {@link WireSnapshots#empty}: no routes, no inbound
   * policy), i.e. once its {@code /ready} says LIVE. Until then its inbound listener answers 503 NC and never reaches
   * the app, as Envoy has no inbound listener before its first config; a test that calls a server sidecar's inbound
   * needs this first: {@code Sidecar server = feed.ready(Sidecar.start(config))}. Closes {@code server} when it fails.
   */
  Sidecar ready(Sidecar server) throws Exception {
    try {
      publish(server.proxyId(), WireSnapshots.empty(server.proxyId(), 1));
      await().atMost(Duration.ofSeconds(60)).until(() -> server.appliedVersion() == 1);
      return server;
    } catch (Exception | AssertionError e) {
      server.close();
      throw e;
    }
  }

  /** A client sidecar (service productpage, outbound only) that applied the version-1 snapshot made for its id. */
  Sidecar clientApplying(Function<String, ProxySnapshot> snapshotFor) throws Exception {
    String proxyId = KafkaBroker.uniqueName("client");
    Sidecar client = Sidecar.start(new SidecarConfig(proxyId, "productpage", WireSnapshots.NS, Map.of(), "127.0.0.1", 0, 0, 0,
        bootstrap, topics));
    try {
      publish(proxyId, snapshotFor.apply(proxyId));
      await().atMost(Duration.ofSeconds(60)).until(() -> client.appliedVersion() == 1);
      return client;
    } catch (Exception | AssertionError e) {
      client.close();
      throw e;
    }
  }
}
