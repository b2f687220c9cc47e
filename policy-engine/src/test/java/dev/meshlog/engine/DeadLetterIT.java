package dev.meshlog.engine;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.avro.PolicyState;
import dev.meshlog.avro.PolicyStatus;
import dev.meshlog.kafka.local.KafkaBroker;
import dev.meshlog.schemas.TopicAdmin;
import dev.meshlog.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Anyone can write to the commands topic. A record the engine cannot decode must neither stop it
 * nor vanish: it is kept on the dead-letter topic with its origin, and the next command is accepted.
 */
@ExtendWith(KafkaBroker.class)
class DeadLetterIT {

  private static final Duration PATIENCE = Duration.ofSeconds(90);

  @TempDir
  Path stateDir;

  @Test
  void shouldKeepAnUndecodableCommandOnTheDeadLetterTopicAndGoOnSequencing() throws Exception {
    String bootstrap = KafkaBroker.bootstrapServers();
    String name = KafkaBroker.uniqueName("deadletter");
    Topics topics = Topics.withPrefix(name + ".");
    TopicAdmin.ensureTopics(bootstrap, topics.all(), 1, (short) 1);
    byte[] garbage = "kind: VirtualService but not Avro".getBytes(StandardCharsets.UTF_8);

    try (PolicyEngine engine = PolicyEngine.start(EngineConfig.defaults(bootstrap, topics, stateDir).withApplicationIdPrefix(name));
         var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
             new ByteArraySerializer(), new ByteArraySerializer());
         var deadLetters = new TopicReader<>(bootstrap, topics.deadLetter());
         var statuses = new TopicReader<>(bootstrap, topics.policyStatus())) {
      engine.awaitRunning(PATIENCE);
      producer.send(new ProducerRecord<>(topics.policyCommands().name(), "VirtualService/default/bad".getBytes(StandardCharsets.UTF_8), garbage)).get();
      var command = MeshFixtures.reviewsSubsets("00000000-0000-0000-0000-0000000000aa");
      producer.send(new ProducerRecord<>(topics.policyCommands().name(),
          command.getEnvelope().getSubject().getBytes(StandardCharsets.UTF_8),
          topics.policyCommands().valueSerde().serializer().serialize("", command))).get();

      await().atMost(PATIENCE).untilAsserted(() -> {
        List<PolicyStatus> seen = statuses.poll().stream().map(ConsumerRecord::value).toList();
        assertEquals(1, seen.size(), seen.toString());
        assertEquals(PolicyState.ACCEPTED, seen.get(0).getState());
      });
      await().atMost(PATIENCE).untilAsserted(() -> assertEquals(1, deadLetters.poll().size()));
      ConsumerRecord<byte[], byte[]> dead = deadLetters.poll().get(0);
      assertArrayEquals(garbage, dead.value(), "the original bytes are kept");
      assertEquals(topics.policyCommands().name(), header(dead, "__streams.errors.topic"), "names its topic");
      assertEquals("0", header(dead, "__streams.errors.offset"), "and its offset");
      assertTrue(engine.isRunning(), "the engine keeps running");
    }
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String key) {
    var header = record.headers().lastHeader(key);
    assertTrue(header != null, "header " + key + " in " + record.headers());
    return new String(header.value(), StandardCharsets.UTF_8);
  }
}
