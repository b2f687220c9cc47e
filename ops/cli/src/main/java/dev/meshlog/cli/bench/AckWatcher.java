package dev.meshlog.cli.bench;

import dev.meshlog.avro.AckStatus;
import dev.meshlog.avro.ProxyAck;
import dev.meshlog.schemas.TopicSpec;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/** Follows the ACK topic from "now" on and reports one proxy's answers as they arrive. */
public final class AckWatcher implements AutoCloseable {

  /** An answer and the wall-clock instant this watcher saw it. */
  public record SeenAck(ProxyAck ack, long seenAtNanos) {}

  private final KafkaConsumer<String, ProxyAck> consumer;

  public AckWatcher(String bootstrap, TopicSpec<String, ProxyAck> topic) {
    Map<String, Object> props = new HashMap<>();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "meshlog-bench-acks-" + UUID.randomUUID());
    props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
    consumer = new KafkaConsumer<>(props, topic.keySerde().deserializer(), topic.valueSerde().deserializer());
    List<TopicPartition> partitions = consumer.partitionsFor(topic.name(), Duration.ofSeconds(10)).stream()
        .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position);
  }

  /** The first ACK (or NACK) of {@code proxyId} for a version above {@code afterVersion}. */
  public Optional<SeenAck> next(String proxyId, long afterVersion, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      for (ConsumerRecord<String, ProxyAck> record : consumer.poll(Duration.ofMillis(20))) {
        ProxyAck ack = record.value();
        if (ack != null && ack.getProxyId().equals(proxyId) && ack.getVersion() > afterVersion) {
          return Optional.of(new SeenAck(ack, System.nanoTime()));
        }
      }
    }
    return Optional.empty();
  }

  public static boolean isAck(SeenAck seen) {
    return seen.ack().getStatus() == AckStatus.ACK;
  }

  @Override
  public void close() {
    consumer.close(Duration.ofSeconds(2));
  }
}
