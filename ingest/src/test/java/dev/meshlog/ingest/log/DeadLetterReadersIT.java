package dev.meshlog.ingest.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.avro.Envelope;
import dev.meshlog.avro.Operation;
import dev.meshlog.avro.PolicyEvent;
import dev.meshlog.avro.Source;
import dev.meshlog.avro.VirtualServiceSpec;
import dev.meshlog.ingest.kubernetes.istio.PolicyLog;
import dev.meshlog.ingest.policy.Attribution;
import dev.meshlog.ingest.registry.ClusterChangeSet;
import dev.meshlog.ingest.registry.ClusterLog;
import dev.meshlog.ingest.registry.ServiceRecord;
import dev.meshlog.ingest.registry.wire.ClusterWire;
import dev.meshlog.kafka.local.KafkaBroker;
import dev.meshlog.schemas.TopicAdmin;
import dev.meshlog.schemas.Topics;
import dev.meshlog.schemas.deadletter.DeadLetter;
import dev.meshlog.schemas.deadletter.DeadLetterCounts;
import dev.meshlog.schemas.deadletter.DeadLetterPublisher;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Ingest folds the cluster and policy logs at start-up: a record there it cannot decode must not stop the fold nor
 * vanish. It goes to the dead-letter topic with its origin, is counted for job "ingest", and the next record folds.
 */
@ExtendWith(KafkaBroker.class)
class DeadLetterReadersIT {

  private static final byte[] GARBAGE = {'n', 'o', 't', 0x00, (byte) 0xfe, 'a', 'v', 'r', 'o'};

  private String bootstrap;
  private Topics topics;

  @BeforeEach
  void topics() {
    bootstrap = KafkaBroker.bootstrapServers();
    topics = Topics.withPrefix(KafkaBroker.uniqueName("ingestdlq") + ".");
    TopicAdmin.ensureTopics(bootstrap, topics.all(), 1, (short) 1);
  }

  @Test
  void shouldDeadLetterAnUndecodableClusterEventAndFoldTheNextOne() throws Exception {
    String topic = topics.clusterEvents().name();
    ServiceRecord reviews = ServiceRecord.of("reviews", "default", List.of(new ServiceRecord.Port("http", 9080, "TCP")), Map.of());
    byte[] good = topics.clusterEvents().valueSerde().serializer().serialize(topic, ClusterWire.event(
        new ClusterChangeSet.Change(dev.meshlog.avro.ClusterChange.REGISTERED, reviews, new Attribution("test", "", Source.CLI)),
        Source.CLI, Clock.systemUTC()));
    RecordMetadata poison = send(topic, "Service/default/bad", GARBAGE);
    send(topic, reviews.key(), good);

    DeadLetterCounts counts = new DeadLetterCounts("ingest");
    try (DeadLetterPublisher deadLetters = new DeadLetterPublisher(bootstrap, Map.of(), topics.deadLetter(), counts)) {
      var latest = ClusterLog.read(bootstrap, topics.clusterEvents(), Map.of(), deadLetters);
      assertEquals(List.of(reviews.key()), List.copyOf(latest.keySet()), "the record after the bad one is folded");
    }
    assertDeadLetter(topic, poison);
    assertEquals(Map.of(topic, 1L), counts.byTopic());
  }

  @Test
  void shouldDeadLetterAnUndecodablePolicyEventAndFoldTheNextOne() throws Exception {
    String topic = topics.policyEvents().name();
    PolicyEvent event = PolicyEvent.newBuilder()
        .setEnvelope(Envelope.newBuilder().setId("e1").setType("PolicyUpserted").setSubject("VirtualService/default/reviews")
            .setActor("test").setSource(Source.CLI).setTime(Instant.now()).build())
        .setSequence(1).setGeneration(1).setOperation(Operation.UPSERT).setApiVersion("networking.istio.io/v1")
        .setKind("VirtualService").setNamespace("default").setName("reviews")
        .setSpec(VirtualServiceSpec.newBuilder().setHosts(List.of("reviews.default.svc.cluster.local")).build())
        .build();
    RecordMetadata poison = send(topic, "VirtualService/default/bad", GARBAGE);
    send(topic, "VirtualService/default/reviews", topics.policyEvents().valueSerde().serializer().serialize(topic, event));

    DeadLetterCounts counts = new DeadLetterCounts("ingest");
    try (DeadLetterPublisher deadLetters = new DeadLetterPublisher(bootstrap, Map.of(), topics.deadLetter(), counts)) {
      assertEquals(List.of("VirtualService/default/reviews"), PolicyLog.read(bootstrap, topics, Map.of(), deadLetters).keySet().stream().sorted().toList(),
          "the event after the bad one is folded");
    }
    assertDeadLetter(topic, poison);
    assertEquals(Map.of(topic, 1L), counts.byTopic());
  }

  private void assertDeadLetter(String topic, RecordMetadata poison) {
    List<ConsumerRecord<byte[], byte[]>> dead = new ArrayList<>();
    TopicToEnd.read(bootstrap, topics.deadLetter().name(), Map.of(), dead::add);
    assertEquals(1, dead.size(), "one dead letter");
    ConsumerRecord<byte[], byte[]> letter = dead.get(0);
    assertArrayEquals(GARBAGE, letter.value(), "the original bytes");
    assertEquals(topic, DeadLetter.header(letter.headers(), DeadLetter.HEADER_TOPIC).orElseThrow());
    assertEquals(String.valueOf(poison.partition()), DeadLetter.header(letter.headers(), DeadLetter.HEADER_PARTITION).orElseThrow());
    assertEquals(String.valueOf(poison.offset()), DeadLetter.header(letter.headers(), DeadLetter.HEADER_OFFSET).orElseThrow());
    assertTrue(DeadLetter.header(letter.headers(), DeadLetter.HEADER_MESSAGE).isPresent(), "the error");
  }

  private RecordMetadata send(String topic, String key, byte[] value) throws Exception {
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
        new ByteArraySerializer(), new ByteArraySerializer())) {
      return producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value)).get();
    }
  }
}
