package dev.meshlog.cli.read;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meshlog.avro.ProxyStatus;
import dev.meshlog.avro.ProxySyncState;
import dev.meshlog.kafka.local.KafkaBroker;
import dev.meshlog.schemas.TopicAdmin;
import dev.meshlog.schemas.TopicSpec;
import dev.meshlog.schemas.Topics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Reading a compacted topic as a table on a real broker, with several partitions: the newest value
 * per key wins, a tombstone removes the key, an open transaction is not seen, a record that cannot
 * be decoded is skipped, and a one-key lookup finds the key in the partition it hashes to.
 */
@ExtendWith(KafkaBroker.class)
class TopicScanIT {

  private static ProxyStatus status(String proxy, long version) {
    return ProxyStatus.newBuilder().setProxyId(proxy).setState(ProxySyncState.SYNCED)
        .setSentVersion(version).setAckedVersion(version).setTime(Instant.EPOCH).build();
  }

  @Test
  void shouldFoldTheNewestCommittedValuePerKeyAcrossPartitions() throws Exception {
    Topics topics = Topics.withPrefix(KafkaBroker.uniqueName("scan") + ".");
    String bootstrap = KafkaBroker.bootstrapServers();
    TopicAdmin.ensureTopics(bootstrap, topics.all(), 3, (short) 1);
    TopicSpec<String, ProxyStatus> topic = topics.proxyStatus();
    try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
        new StringSerializer(), topic.valueSerde().serializer());
         var raw = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
             new StringSerializer(), new ByteArraySerializer());
         var open = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
             ProducerConfig.TRANSACTIONAL_ID_CONFIG, "scan-" + UUID.randomUUID()), new StringSerializer(), topic.valueSerde().serializer())) {
      for (String proxy : List.of("a", "b", "c", "d", "e", "f")) {
        producer.send(new ProducerRecord<>(topic.name(), proxy, status(proxy, 1)));
      }
      producer.send(new ProducerRecord<>(topic.name(), "b", status("b", 2)));
      producer.send(new ProducerRecord<>(topic.name(), "c", null));
      producer.flush();
      raw.send(new ProducerRecord<>(topic.name(), "d", new byte[] {1, 2, 3})).get();
      open.initTransactions();
      open.beginTransaction();
      open.send(new ProducerRecord<>(topic.name(), "a", status("a", 99))).get();   // never committed

      Map<String, ProxyStatus> table = LatestValues.read(bootstrap, topic);
      assertEquals(List.of("a", "b", "d", "e", "f"), List.copyOf(table.keySet()));
      assertEquals(1L, table.get("a").getSentVersion(), "an open transaction is not read");
      assertEquals(2L, table.get("b").getSentVersion());
      assertEquals(1L, table.get("d").getSentVersion(), "an undecodable record is skipped, the last good value stays");

      assertEquals(Optional.of(2L), LatestValues.find(bootstrap, topic, "b").map(ProxyStatus::getSentVersion));
      assertEquals(Optional.empty(), LatestValues.find(bootstrap, topic, "c"));
      assertEquals(Optional.empty(), LatestValues.find(bootstrap, topic, "zz"));
      open.abortTransaction();
    }
  }

  @Test
  void shouldReadOnlyOneKeyOfTheHistoryIndexWhichGetsItsOwnPartitionCount() throws Exception {
    Topics topics = Topics.withPrefix(KafkaBroker.uniqueName("scan-key") + ".");
    String bootstrap = KafkaBroker.bootstrapServers();
    TopicAdmin.ensureTopics(bootstrap, topics.all(), 1, (short) 1);
    TopicSpec<String, ProxyStatus> topic = topics.proxyStatus().withName(topics.policyHistory().name());
    try (Admin admin = Admin.create(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      int partitions = admin.describeTopics(List.of(topic.name())).allTopicNames().get().get(topic.name()).partitions().size();
      assertEquals(Topics.HISTORY_PARTITIONS, partitions, "the history index is spread even when the deployment says 1");
      assertEquals(1, admin.describeTopics(List.of(topics.policyEvents().name())).allTopicNames().get()
          .get(topics.policyEvents().name()).partitions().size(), "the chain itself stays one partition");
    }
    try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
        new StringSerializer(), new ByteArraySerializer())) {
      for (int v = 1; v <= 3; v++) {
        for (String proxy : List.of("a", "b", "c", "d")) {
          producer.send(new ProducerRecord<>(topic.name(), proxy, topic.valueSerde().serializer().serialize(topic.name(), status(proxy, v))));
        }
      }
      // the wanted key's record is garbage: skipped like any undecodable record, the others still read
      producer.send(new ProducerRecord<>(topic.name(), "b", new byte[] {9}));
      producer.flush();
    }
    List<String> read = new ArrayList<>();
    TopicScan.readKey(bootstrap, topic, "b", (key, status) -> read.add(key + "@" + status.getSentVersion()));
    assertEquals(List.of("b@1", "b@2", "b@3"), read, "only key b, in offset order");
  }
}
