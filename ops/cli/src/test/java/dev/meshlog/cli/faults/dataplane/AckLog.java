package dev.meshlog.cli.faults.dataplane;

import dev.meshlog.avro.AckStatus;
import dev.meshlog.avro.ProxyAck;
import dev.meshlog.schemas.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/** The ACKs and NACKs proxies published, read from the acks topic as any consumer would. */
final class AckLog {

  private AckLog() {}

  /** Every ACK (not NACK) {@code proxyId} published at or after {@code since}, oldest first. */
  static List<ProxyAck> acksOf(String bootstrap, Topics topics, String proxyId, Instant since) {
    var spec = topics.proxyAcks();
    Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    List<ProxyAck> acks = new ArrayList<>();
    try (KafkaConsumer<String, ProxyAck> consumer = new KafkaConsumer<>(config, spec.keySerde().deserializer(),
        spec.valueSerde().deserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(spec.name()).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        for (ConsumerRecord<String, ProxyAck> r : consumer.poll(Duration.ofMillis(500))) {
          ProxyAck ack = r.value();
          if (proxyId.equals(r.key()) && ack != null && ack.getStatus() == AckStatus.ACK && !ack.getTime().isBefore(since)) {
            acks.add(ack);
          }
        }
      }
    }
    return acks;
  }
}
