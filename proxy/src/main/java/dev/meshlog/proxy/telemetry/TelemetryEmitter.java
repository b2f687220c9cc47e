package dev.meshlog.proxy.telemetry;

import dev.meshlog.schemas.KafkaClientSettings;
import dev.meshlog.avro.ConnectionTelemetry;
import dev.meshlog.avro.RequestTelemetry;
import dev.meshlog.schemas.TopicSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ships one {@link RequestTelemetry} per request (outbound: reporter SOURCE; inbound: DESTINATION)
 * and a {@link ConnectionTelemetry} per TCP connection opened and closed, keyed by the reporting
 * proxy id. Event loops only offer to bounded queues (full: dropped and counted), so a slow or
 * absent broker never slows or fails a request; the queues' threads feed one batching,
 * lz4-compressing producer.
 */
public final class TelemetryEmitter implements TelemetrySink, ConnectionSink, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(TelemetryEmitter.class);
  /** How long a send may wait for room in the producer's buffer or for the broker's metadata, then drops. */
  static final int MAX_BLOCK_MS = 100;

  private final Producer<String, byte[]> producer;
  private final String proxyId;
  private final TelemetryStream<RequestOutcome, RequestTelemetry> requests;
  private final TelemetryStream<ConnectionReport, ConnectionTelemetry> connections;

  public TelemetryEmitter(Producer<String, byte[]> producer, TopicSpec<String, RequestTelemetry> requestTopic,
      TopicSpec<String, ConnectionTelemetry> connectionTopic, ReportingWorkload self, int capacity) {
    this(producer, requestTopic, connectionTopic, self, self::principal, capacity);
  }

  /** @param ownPrincipal the workload's SPIFFE URI now, read per record on the sender thread ({@link OwnPrincipal}) */
  public TelemetryEmitter(Producer<String, byte[]> producer, TopicSpec<String, RequestTelemetry> requestTopic,
      TopicSpec<String, ConnectionTelemetry> connectionTopic, ReportingWorkload self, Supplier<String> ownPrincipal,
      int capacity) {
    this.producer = producer;
    this.proxyId = self.proxyId();
    this.requests = new TelemetryStream<>("requests", producer, requestTopic, self.proxyId(),
        o -> RequestDimensions.toWire(self, ownPrincipal.get(), o), capacity);
    this.connections = new TelemetryStream<>("connections", producer, connectionTopic, self.proxyId(),
        c -> ConnectionDimensions.toWire(self, c), capacity);
  }

  public static TelemetryEmitter start(String bootstrap, TopicSpec<String, RequestTelemetry> requestTopic,
      TopicSpec<String, ConnectionTelemetry> connectionTopic, ReportingWorkload self, int capacity) {
    return start(bootstrap, requestTopic, connectionTopic, self, self::principal, capacity);
  }

  public static TelemetryEmitter start(String bootstrap, TopicSpec<String, RequestTelemetry> requestTopic,
      TopicSpec<String, ConnectionTelemetry> connectionTopic, ReportingWorkload self, Supplier<String> ownPrincipal,
      int capacity) {
    return start(bootstrap, KafkaClientSettings.NONE, requestTopic, connectionTopic, self, ownPrincipal, capacity);
  }

  /** @param client the cluster's connection and security settings (the proxy's own login) */
  public static TelemetryEmitter start(String bootstrap, KafkaClientSettings client, TopicSpec<String, RequestTelemetry> requestTopic,
      TopicSpec<String, ConnectionTelemetry> connectionTopic, ReportingWorkload self, Supplier<String> ownPrincipal,
      int capacity) {
    return new TelemetryEmitter(new KafkaProducer<>(client.over(producerConfig(bootstrap, self.proxyId())), new StringSerializer(),
        new ByteArraySerializer()), requestTopic, connectionTopic, self, ownPrincipal, capacity);
  }

  static Map<String, Object> producerConfig(String bootstrap, String proxyId) {
    return Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ProducerConfig.CLIENT_ID_CONFIG, "meshlog-telemetry-" + proxyId,
        ProducerConfig.LINGER_MS_CONFIG, 100,
        // lz4: kafka-clients' lz4-java falls back to pure Java, so no native library is needed here.
        ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
        // Few large batches: the lz4 stream allocates ~128 KB per batch, which at the default 16 KB
        // batches was most of the sidecar's allocation under load (measured with JFR).
        ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
        // The sidecar's heap is small and fixed: while the broker is away, records wait in at most
        // this much memory; then sends are refused within MAX_BLOCK_MS and the records dropped and counted.
        ProducerConfig.BUFFER_MEMORY_CONFIG, 4L * 1024 * 1024,
        ProducerConfig.MAX_BLOCK_MS_CONFIG, MAX_BLOCK_MS,
        // Telemetry is sampled-in-spirit: a lost batch is cheaper than the idempotence round trips.
        ProducerConfig.ACKS_CONFIG, "1",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
  }

  /** The record carries the method, path, authority and request id for tap. */
  @Override
  public boolean wantsRequestLine() {
    return true;
  }

  /** Never blocks: a full queue drops the record and counts it. */
  @Override
  public void record(RequestOutcome outcome) {
    requests.offer(outcome);
  }

  /** Never blocks: a full queue drops the record and counts it. */
  @Override
  public void record(ConnectionReport report) {
    connections.offer(report);
  }

  /** Request and connection counters, for {@code /stats}. */
  public List<TelemetryCounters> counters() {
    return List.of(requests.counters(), connections.counters());
  }

  /** Records dropped, requests and connections. */
  public long dropped() {
    return requests.counters().dropped() + connections.counters().dropped();
  }

  /** Records the broker did not take after they were sent. */
  public long failed() {
    return requests.counters().failed() + connections.counters().failed();
  }

  /** Sends what is queued, then closes the producer (flushing its batches) within {@code timeout}. */
  public void close(Duration timeout) {
    requests.close(timeout);
    connections.close(timeout);
    producer.close(timeout);
    if (dropped() + failed() > 0) {
      log.info("[proxy={}] telemetry: {} records dropped, {} failed", proxyId, dropped(), failed());
    }
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(5));
  }
}
