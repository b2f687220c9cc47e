package dev.meshlog.ingest.publish;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.avro.PolicyCommand;
import dev.meshlog.avro.Source;
import dev.meshlog.avro.VirtualServiceSpec;
import dev.meshlog.ingest.policy.Attribution;
import dev.meshlog.ingest.policy.ParseResult;
import dev.meshlog.ingest.policy.PolicyDocuments;
import dev.meshlog.ingest.policy.ValidationError;
import dev.meshlog.kafka.local.KafkaBroker;
import dev.meshlog.schemas.TopicAdmin;
import dev.meshlog.schemas.TopicSpec;
import dev.meshlog.schemas.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaBroker.class)
class PolicyPublisherIT {

  private static final Attribution WHO = new Attribution("it:publisher", "integration test", Source.CLI);
  private static final String CANARY = """
      apiVersion: networking.istio.io/v1
      kind: DestinationRule
      metadata: {name: reviews}
      spec:
        host: reviews
        subsets:
        - {name: v1, labels: {version: v1}}
        - {name: v2, labels: {version: v2}}
      ---
      apiVersion: networking.istio.io/v1
      kind: VirtualService
      metadata: {name: reviews}
      spec:
        hosts: [reviews]
        http:
        - route:
          - {destination: {host: reviews, subset: v1}, weight: 90}
          - {destination: {host: reviews, subset: v2}, weight: 10}
      """;

  private String bootstrap;
  private TopicSpec<String, PolicyCommand> topic;
  private Topics topics;

  @BeforeEach
  void createTopics() {
    bootstrap = KafkaBroker.bootstrapServers();
    topics = Topics.withPrefix(KafkaBroker.uniqueName("ingest") + ".");
    topic = topics.policyCommands();
    TopicAdmin.ensureTopics(bootstrap, topics.all(), 1, (short) 1);
  }

  @Test
  void shouldMakeAllCommandsOfOneApplyVisibleToReadCommittedReaders() {
    List<PolicyCommand> commands = parse(CANARY);

    List<PublishedCommand> published;
    try (PolicyPublisher publisher = new PolicyPublisher(bootstrap, topics)) {
      published = publisher.publish(commands);
    }

    assertEquals(List.of("DestinationRule/default/reviews", "VirtualService/default/reviews"),
        published.stream().map(PublishedCommand::subject).toList());
    assertEquals(published.get(0).offset() + 1, published.get(1).offset());
    List<ConsumerRecord<String, PolicyCommand>> seen = readCommitted(2);
    assertEquals(List.of("DestinationRule/default/reviews", "VirtualService/default/reviews"),
        seen.stream().map(ConsumerRecord::key).toList());
    assertEquals(commands.get(1).getEnvelope().getId(), seen.get(1).value().getEnvelope().getId());
    assertEquals(published.get(1).commandId(), seen.get(1).value().getEnvelope().getId());
    assertEquals(published.get(1).offset(), seen.get(1).offset());
    VirtualServiceSpec spec = (VirtualServiceSpec) seen.get(1).value().getSpec();
    assertEquals(10, spec.getHttp().get(0).getRoute().get(1).getWeight());
  }

  @Test
  void shouldWriteNothingWhenOneCommandIsInvalid() {
    List<PolicyCommand> commands = parse(CANARY);
    PolicyCommand invalid = PolicyCommand.newBuilder(commands.get(1)).build();
    ((VirtualServiceSpec) invalid.getSpec()).getHttp().get(0).getRoute().get(0).setWeight(110);
    ((VirtualServiceSpec) invalid.getSpec()).getHttp().get(0).getRoute().get(1).setWeight(-10);
    Map<TopicPartition, Long> before = endOffsets();

    try (PolicyPublisher publisher = new PolicyPublisher(bootstrap, topics)) {
      PolicyRejectedException refused =
          assertThrows(PolicyRejectedException.class, () -> publisher.publish(List.of(commands.get(0), invalid)));
      // 110 is over Istio's 0..100 and -10 under it: both weights are named.
      assertEquals(List.of("spec.http[0].route[0].weight", "spec.http[0].route[1].weight"),
          refused.errors().stream().map(ValidationError::path).toList());
      assertEquals(before, endOffsets());

      // The refusal leaves the publisher usable: the valid command alone goes through.
      publisher.publish(List.of(commands.get(0)));
    }
    assertEquals(1, readCommitted(1).size());
  }

  private static List<PolicyCommand> parse(String yaml) {
    ParseResult result = PolicyDocuments.parse("it.yaml", yaml, WHO);
    assertTrue(result instanceof ParseResult.Parsed, result::toString);
    return ((ParseResult.Parsed) result).commands();
  }

  /** Log end offsets as any reader sees them: aborted or open transactions would show here too. */
  private Map<TopicPartition, Long> endOffsets() {
    try (KafkaConsumer<String, PolicyCommand> consumer = consumer("read_uncommitted")) {
      return consumer.endOffsets(consumer.partitionsFor(topic.name()).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList());
    }
  }

  private List<ConsumerRecord<String, PolicyCommand>> readCommitted(int expected) {
    List<ConsumerRecord<String, PolicyCommand>> seen = new ArrayList<>();
    try (KafkaConsumer<String, PolicyCommand> consumer = consumer("read_committed")) {
      consumer.assign(List.of(new TopicPartition(topic.name(), 0)));
      consumer.seekToBeginning(consumer.assignment());
      await().atMost(Duration.ofSeconds(60)).until(() -> {
        consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
        return seen.size() >= expected;
      });
      // Anything more would be a duplicate or a leftover of the refused apply.
      consumer.poll(Duration.ofMillis(500)).forEach(seen::add);
    }
    assertEquals(expected, seen.size(), seen::toString);
    return seen;
  }

  private KafkaConsumer<String, PolicyCommand> consumer(String isolation) {
    return new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID(),
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation,
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
        topic.keySerde().deserializer(), topic.valueSerde().deserializer());
  }
}
