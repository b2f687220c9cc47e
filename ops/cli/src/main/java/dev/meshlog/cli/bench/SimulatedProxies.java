package dev.meshlog.cli.bench;

import dev.meshlog.avro.AckStatus;
import dev.meshlog.avro.ProxyAck;
import dev.meshlog.avro.ProxySnapshot;
import dev.meshlog.schemas.TopicSpec;
import dev.meshlog.schemas.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every simulated proxy at once: one {@code read_committed} consumer on all partitions of the
 * snapshot topic and one ACK producer. Each snapshot for a proxy of the layout is decoded (as a real
 * proxy would), summarised, and answered at once with an ACK (nonce = hash) keyed by proxy id.
 * Listeners hear of it when the broker has the ACK: that instant is "the proxy ACKed".
 */
final class SimulatedProxies implements AutoCloseable {

  /** Told, on the ACK producer's I/O thread, of every ACK the broker accepted: keep it short. */
  interface Listener {
    void acked(SnapshotView view, long ackedAtNanos);
  }

  private static final Logger log = LoggerFactory.getLogger(SimulatedProxies.class);

  private final MeshLayout layout;
  private final Map<String, Integer> targetHosts;
  private final TopicSpec<String, ProxySnapshot> snapshots;
  private final TopicSpec<String, ProxyAck> acks;
  private final KafkaConsumer<String, byte[]> consumer;
  private final KafkaProducer<String, ProxyAck> producer;
  private final Map<String, SnapshotView> latest = new ConcurrentHashMap<>();
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  private final AtomicLong received = new AtomicLong();
  private final AtomicLong receivedBytes = new AtomicLong();
  private final Thread loop;
  private volatile boolean running = true;

  /** {@code fromStart}: read the snapshot topic from the beginning (a fresh mesh) rather than from now on. */
  SimulatedProxies(String bootstrap, Topics topics, MeshLayout layout, boolean fromStart) {
    this.layout = layout;
    this.targetHosts = layout.targetHosts();
    this.snapshots = topics.proxySnapshots();
    this.acks = topics.proxyAcks();
    String id = UUID.randomUUID().toString();
    this.consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.CLIENT_ID_CONFIG, "meshlog-bench-proxies-" + id,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10),
        new StringDeserializer(), new ByteArrayDeserializer());
    this.producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ProducerConfig.CLIENT_ID_CONFIG, "meshlog-bench-acks-" + id,
        ProducerConfig.LINGER_MS_CONFIG, 5),
        acks.keySerde().serializer(), acks.valueSerde().serializer());
    List<TopicPartition> partitions = consumer.partitionsFor(snapshots.name(), Duration.ofSeconds(30)).stream()
        .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
    consumer.assign(partitions);
    if (fromStart) {
      consumer.seekToBeginning(partitions);
    } else {
      consumer.seekToEnd(partitions);
    }
    partitions.forEach(consumer::position); // resolve "end" now, not at the first poll after the seed
    this.loop = new Thread(this::run, "bench-simulated-proxies");
    loop.setDaemon(true);
    loop.start();
  }

  void listen(Listener listener) {
    listeners.add(listener);
  }

  void unlisten(Listener listener) {
    listeners.remove(listener);
  }

  /** The last snapshot each proxy received, by proxy id. */
  Map<String, SnapshotView> latest() {
    return Map.copyOf(latest);
  }

  long snapshotsReceived() {
    return received.get();
  }

  long bytesReceived() {
    return receivedBytes.get();
  }

  private void run() {
    try {
      while (running) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
          if (record.value() != null && layout.isProxy(record.key())) {
            answer(snapshots.valueSerde().deserializer().deserialize(record.topic(), record.value()), record.value().length,
                record.timestamp());
          }
        }
      }
    } catch (WakeupException e) {
      // close() asked us to stop
    } catch (RuntimeException e) {
      log.error("simulated proxies stopped: snapshots are no longer answered", e);
    } finally {
      consumer.close(Duration.ofSeconds(2));
    }
  }

  private void answer(ProxySnapshot snapshot, int bytes, long emittedAtMs) {
    received.incrementAndGet();
    receivedBytes.addAndGet(bytes);
    SnapshotView view = SnapshotView.of(snapshot, bytes, emittedAtMs, layout, targetHosts);
    latest.put(view.proxyId(), view);
    ProxyAck ack = ProxyAck.newBuilder().setProxyId(view.proxyId()).setVersion(view.version()).setNonce(view.hash())
        .setStatus(AckStatus.ACK).setErrorDetail(null).setTime(Instant.now()).build();
    producer.send(new ProducerRecord<>(acks.name(), view.proxyId(), ack), (metadata, error) -> {
      if (error != null) {
        log.warn("[proxy={}] ACK of version {} not written: {}", view.proxyId(), view.version(), error.toString());
        return;
      }
      long now = System.nanoTime();
      listeners.forEach(l -> l.acked(view, now));
    });
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      loop.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    producer.close(Duration.ofSeconds(5));
  }
}
