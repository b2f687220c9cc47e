package dev.meshlog.proxy.telemetry;

import dev.meshlog.avro.Reporter;
import dev.meshlog.avro.RequestTelemetry;
import dev.meshlog.schemas.TopicSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ships one {@link RequestTelemetry} per outbound request (reporter SOURCE), keyed by destination
 * workload. Event loops only offer to an {@link OutcomeQueue} (full: dropped and counted), so a slow
 * or absent broker never slows or fails a request; its thread feeds a batching, lz4-compressing
 * producer.
 */
public final class TelemetryEmitter implements TelemetrySink, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(TelemetryEmitter.class);

  private final Producer<String, RequestTelemetry> producer;
  private final String topic;
  private final String proxyId;
  private final String namespace;
  private final OutcomeQueue queue;
  private final LongAdder failed = new LongAdder();

  public TelemetryEmitter(Producer<String, RequestTelemetry> producer, String topic, String proxyId, String namespace, int capacity) {
    this.producer = producer;
    this.topic = topic;
    this.proxyId = proxyId;
    this.namespace = namespace;
    this.queue = new OutcomeQueue("meshlog-telemetry-" + proxyId, capacity, batch -> batch.forEach(this::send));
  }

  public static TelemetryEmitter start(String bootstrap, TopicSpec<String, RequestTelemetry> topic,
      String proxyId, String namespace, int capacity) {
    Map<String, Object> config = Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ProducerConfig.CLIENT_ID_CONFIG, "meshlog-telemetry-" + proxyId,
        ProducerConfig.LINGER_MS_CONFIG, 100,
        ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
        // Few large batches: the lz4 stream allocates ~128 KB per batch, which at the default 16 KB
        // batches was most of the sidecar's allocation under load (measured with JFR).
        ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
        // The sidecar's heap is small and fixed: while the broker is away, records wait in at most
        // this much memory, then the drain thread blocks and the queue drops and counts them.
        ProducerConfig.BUFFER_MEMORY_CONFIG, 4L * 1024 * 1024,
        // Telemetry is sampled-in-spirit: a lost batch is cheaper than the idempotence round trips.
        ProducerConfig.ACKS_CONFIG, "1",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false,
        ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
    var producer = new KafkaProducer<>(config, topic.keySerde().serializer(), topic.valueSerde().serializer());
    return new TelemetryEmitter(producer, topic.name(), proxyId, namespace, capacity);
  }

  /** Never blocks: a full queue drops the record and counts it. */
  @Override
  public void record(RequestOutcome outcome) {
    queue.offer(outcome);
  }

  /** Records dropped because the queue was full. */
  public long dropped() {
    return queue.dropped();
  }

  /** Records the producer refused or failed to deliver. */
  public long failed() {
    return failed.sum();
  }

  private void send(RequestOutcome o) {
    try {
      producer.send(new ProducerRecord<>(topic, o.destinationWorkload(), toWire(o)), (metadata, error) -> {
        if (error != null) {
          failed.increment();
        }
      });
    } catch (RuntimeException e) {
      failed.increment();
      if (failed.sum() == 1) {
        log.warn("[proxy={}] telemetry producer failing, records are dropped: {}", proxyId, e.toString());
      }
    }
  }

  RequestTelemetry toWire(RequestOutcome o) {
    return RequestTelemetry.newBuilder()
        .setTime(Instant.ofEpochMilli(o.timeMillis()))
        .setReporter(Reporter.SOURCE)
        .setReporterProxy(proxyId)
        .setSourceWorkload(proxyId)
        .setSourceNamespace(namespace)
        .setDestinationService(o.destinationService())
        .setDestinationWorkload(o.destinationWorkload())
        .setDestinationNamespace(o.destinationNamespace())
        .setDestinationVersion(o.destinationVersion())
        .setRouteName(o.routeName())
        .setRequestProtocol(o.requestProtocol())
        .setResponseCode(o.responseCode())
        .setResponseFlags(o.responseFlags())
        .setDurationMicros(o.durationMicros())
        .setRequestBytes(o.requestBytes())
        .setResponseBytes(o.responseBytes())
        .setConnectionSecurityPolicy(o.connectionSecurityPolicy())
        .setSourcePrincipal(o.sourcePrincipal())
        .setDestinationPrincipal(o.destinationPrincipal())
        .build();
  }

  /** Sends what is queued, then closes the producer (flushing its batches) within {@code timeout}. */
  public void close(Duration timeout) {
    queue.close(timeout);
    producer.close(timeout);
    long lost = queue.dropped() + failed.sum();
    if (lost > 0) {
      log.info("[proxy={}] telemetry: {} records dropped (queue full), {} failed", proxyId, queue.dropped(), failed.sum());
    }
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(5));
  }
}
