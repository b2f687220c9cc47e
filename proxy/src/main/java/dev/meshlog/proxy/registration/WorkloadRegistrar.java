package dev.meshlog.proxy.registration;

import dev.meshlog.schemas.KafkaClientSettings;
import dev.meshlog.avro.ClusterChange;
import dev.meshlog.avro.ClusterEvent;
import dev.meshlog.avro.Envelope;
import dev.meshlog.avro.Source;
import dev.meshlog.avro.WorkloadResource;
import dev.meshlog.schemas.Subjects;
import dev.meshlog.schemas.TopicSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Announces the sidecar's workload on the cluster events topic: WorkloadRegistered at start-up,
 * WorkloadRemoved on clean shutdown, keyed {@code Workload/<ns>/<proxyId>}. Both wait for the
 * broker's acknowledgement: they run on the caller's thread, never on an event loop.
 */
public final class WorkloadRegistrar implements AutoCloseable {

  private final Producer<String, ClusterEvent> producer;
  private final String topic;
  private final Workload workload;
  private final Clock clock;

  public WorkloadRegistrar(Producer<String, ClusterEvent> producer, String topic, Workload workload, Clock clock) {
    this.producer = producer;
    this.topic = topic;
    this.workload = workload;
    this.clock = clock;
  }

  public static WorkloadRegistrar create(String bootstrap, TopicSpec<String, ClusterEvent> topic, Workload workload) {
    return create(bootstrap, KafkaClientSettings.NONE, topic, workload);
  }

  /** @param client the cluster's connection and security settings (the proxy's own login) */
  public static WorkloadRegistrar create(String bootstrap, KafkaClientSettings client, TopicSpec<String, ClusterEvent> topic,
      Workload workload) {
    Map<String, Object> config = client.over(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ProducerConfig.CLIENT_ID_CONFIG, "meshlog-registrar-" + workload.proxyId(),
        ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000));
    return new WorkloadRegistrar(new KafkaProducer<>(config, topic.keySerde().serializer(), topic.valueSerde().serializer()),
        topic.name(), workload, Clock.systemUTC());
  }

  public String key() {
    return Subjects.of("Workload", workload.namespace(), workload.proxyId());
  }

  public void register(Duration timeout) {
    publish(event(ClusterChange.REGISTERED, "WorkloadRegistered"), timeout);
  }

  public void deregister(Duration timeout) {
    publish(event(ClusterChange.REMOVED, "WorkloadRemoved"), timeout);
  }

  ClusterEvent event(ClusterChange change, String type) {
    Envelope envelope = Envelope.newBuilder()
        .setId(UUID.randomUUID().toString())
        .setType(type)
        .setSubject(key())
        .setActor("proxy/" + workload.proxyId())
        .setSource(Source.PROXY)
        .setTime(clock.instant())
        .build();
    WorkloadResource resource = WorkloadResource.newBuilder()
        .setName(workload.proxyId())
        .setNamespace(workload.namespace())
        .setService(workload.service())
        .setServiceAccount(workload.serviceAccount())
        .setLabels(workload.labels())
        .setProxyId(workload.proxyId())
        .setAddress(workload.address())
        .setPort(workload.port())
        .setServicePort(80)
        .build();
    return ClusterEvent.newBuilder().setEnvelope(envelope).setChange(change).setResource(resource).build();
  }

  private void publish(ClusterEvent event, Duration timeout) {
    try {
      producer.send(new ProducerRecord<>(topic, key(), event)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted publishing " + event.getEnvelope().getType() + " for " + key(), e);
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw new IllegalStateException("cannot publish " + event.getEnvelope().getType() + " for " + key() + ": " + cause, cause);
    }
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
