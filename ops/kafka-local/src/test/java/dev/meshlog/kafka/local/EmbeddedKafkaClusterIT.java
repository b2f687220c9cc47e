package dev.meshlog.kafka.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.IntegerDeserializer;
import org.apache.kafka.common.serialization.IntegerSerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The three-node cluster the distributed fault tests run on: it keeps serving and loses nothing committed while one
 * node (controller-quorum leader or transaction coordinator) is stopped, and takes the node back on restart.
 */
@ExtendWith(KafkaCluster.class)
class EmbeddedKafkaClusterIT {

  private static final int PARTITIONS = 3;

  @Test
  void shouldDeliverEveryIdempotentRecordOnceWhileTheControllerLeaderIsStoppedAndRestarted(EmbeddedKafkaCluster cluster)
      throws Exception {
    String topic = replicatedTopic(cluster, "idempotent");
    int leader = cluster.activeController();
    try (var producer = producer(cluster, Map.of(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true))) {
      sendAll(producer, topic, 0, 100);
      cluster.stop(leader);
      assertFalse(cluster.isRunning(leader));
      sendAll(producer, topic, 100, 200);
      cluster.restart(leader);
      sendAll(producer, topic, 200, 300);
    }
    assertEquals(IntStream.range(0, 300).boxed().toList(), readCommitted(cluster, topic, 300));
  }

  @Test
  void shouldCommitATransactionAcrossAStopOfItsCoordinator(EmbeddedKafkaCluster cluster) throws Exception {
    String topic = replicatedTopic(cluster, "transactional");
    String transactionalId = KafkaBroker.uniqueName("txn");
    try (var producer = producer(cluster, Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId))) {
      producer.initTransactions();
      producer.beginTransaction();
      sendAll(producer, topic, 0, 50);
      int coordinator;
      try (Admin admin = cluster.admin()) {
        coordinator = admin.describeTransactions(List.of(transactionalId)).description(transactionalId).get().coordinatorId();
      }
      cluster.stop(coordinator);
      sendAll(producer, topic, 50, 100);
      producer.commitTransaction();
      producer.beginTransaction();
      sendAll(producer, topic, -50, 0);
      producer.abortTransaction();
      producer.beginTransaction();
      sendAll(producer, topic, 100, 150);
      cluster.restart(coordinator);
      sendAll(producer, topic, 150, 200);
      producer.commitTransaction();
    }
    assertEquals(IntStream.range(0, 200).boxed().toList(), readCommitted(cluster, topic, 200));
  }

  private static String replicatedTopic(EmbeddedKafkaCluster cluster, String base) throws Exception {
    String name = KafkaBroker.uniqueName(base);
    try (Admin admin = cluster.admin()) {
      admin.createTopics(List.of(new NewTopic(name, Optional.of(PARTITIONS), Optional.of((short) 3))
          .configs(Map.of("min.insync.replicas", "2")))).all().get();
    }
    return name;
  }

  private static KafkaProducer<String, Integer> producer(EmbeddedKafkaCluster cluster, Map<String, Object> extra) {
    Map<String, Object> config = new java.util.HashMap<>(extra);
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    return new KafkaProducer<>(config, new StringSerializer(), new IntegerSerializer());
  }

  /** Sends {@code from..to-1} keyed by value (spread over the partitions) and waits for every acknowledgement. */
  private static void sendAll(KafkaProducer<String, Integer> producer, String topic, int from, int to) throws Exception {
    List<Future<RecordMetadata>> acks = new ArrayList<>();
    for (int i = from; i < to; i++) {
      acks.add(producer.send(new ProducerRecord<>(topic, "k" + i, i)));
    }
    producer.flush();
    for (Future<RecordMetadata> ack : acks) {
      ack.get();
    }
  }

  /** Every committed value of {@code topic}, sorted; reads until {@code expected} arrived or 60 s passed, plus one more poll for duplicates. */
  private static List<Integer> readCommitted(EmbeddedKafkaCluster cluster, String topic, int expected) {
    try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new IntegerDeserializer())) {
      List<TopicPartition> partitions = IntStream.range(0, PARTITIONS).mapToObj(p -> new TopicPartition(topic, p)).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      List<Integer> values = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (values.size() < expected && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
      }
      consumer.poll(Duration.ofMillis(500)).forEach(r -> values.add(r.value()));
      return values.stream().sorted().toList();
    }
  }
}
