package dev.meshlog.engine.sequencer;

import static dev.meshlog.engine.MeshFixtures.REVIEWS;
import static dev.meshlog.engine.MeshFixtures.to;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.avro.PolicyCommand;
import dev.meshlog.avro.PolicyEvent;
import dev.meshlog.avro.PolicyState;
import dev.meshlog.avro.PolicyStatus;
import dev.meshlog.avro.Source;
import dev.meshlog.engine.MeshFixtures;
import dev.meshlog.engine.StreamsSettings;
import dev.meshlog.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SequencerTopologyTest {

  private static final Topics TOPICS = Topics.withPrefix("test.");

  @TempDir
  Path stateDir;

  private TopologyTestDriver driver;
  private TestInputTopic<String, PolicyCommand> commands;
  private TestOutputTopic<String, PolicyEvent> events;
  private TestOutputTopic<String, PolicyStatus> statuses;

  @BeforeEach
  void start() {
    driver = new TopologyTestDriver(SequencerTopology.build(TOPICS), StreamsSettings.forApp("sequencer-test", "unused:9092", stateDir, 1, TOPICS.deadLetter().name()));
    commands = driver.createInputTopic(TOPICS.policyCommands().name(),
        TOPICS.policyCommands().keySerde().serializer(), TOPICS.policyCommands().valueSerde().serializer());
    events = driver.createOutputTopic(TOPICS.policyEvents().name(),
        TOPICS.policyEvents().keySerde().deserializer(), TOPICS.policyEvents().valueSerde().deserializer());
    statuses = driver.createOutputTopic(TOPICS.policyStatus().name(),
        TOPICS.policyStatus().keySerde().deserializer(), TOPICS.policyStatus().valueSerde().deserializer());
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  @Test
  void shouldChainAcceptedCommandsAndCountGenerationsPerSubject() {
    String first = id(1);
    String second = id(2);
    String third = id(3);
    send(MeshFixtures.reviewsSubsets(first));
    send(MeshFixtures.reviews90to10(second));
    send(MeshFixtures.virtualService(third, "default", "reviews", REVIEWS, to(REVIEWS, "v2", 100)));

    List<TestRecord<String, PolicyEvent>> out = events.readRecordsToList();
    assertEquals(3, out.size());
    PolicyEvent e1 = out.get(0).value();
    PolicyEvent e2 = out.get(1).value();
    PolicyEvent e3 = out.get(2).value();
    assertEquals("DestinationRule/default/reviews", out.get(0).key());
    assertEquals("VirtualService/default/reviews", out.get(1).key());

    assertNull(e1.getEnvelope().getPrevHash(), "the first link has no predecessor");
    assertEquals(e1.getEnvelope().getHash(), e2.getEnvelope().getPrevHash());
    assertEquals(e2.getEnvelope().getHash(), e3.getEnvelope().getPrevHash());
    assertEquals(PolicyChain.hashOf(e2), e2.getEnvelope().getHash(), "the hash recomputes from the content");
    assertTrue(PolicyChain.links(null, e1) && PolicyChain.links(e1, e2) && PolicyChain.links(e2, e3));
    assertEquals(List.of(1L, 2L, 3L), List.of(e1.getSequence(), e2.getSequence(), e3.getSequence()));
    assertEquals(List.of(1L, 1L, 2L), List.of(e1.getGeneration(), e2.getGeneration(), e3.getGeneration()));

    assertEquals(UUID.nameUUIDFromBytes(second.getBytes(StandardCharsets.UTF_8)).toString(), e2.getEnvelope().getId());
    assertEquals(second, e2.getEnvelope().getCausationId());
    assertEquals(PolicyChain.UPSERTED, e2.getEnvelope().getType());
    assertEquals(Source.CLI, e2.getEnvelope().getSource());
    assertEquals(MeshFixtures.T0, e2.getEnvelope().getTime(), "the event takes the command's time, not the clock");

    PolicyStatus accepted = statuses.readRecordsToList().get(1).value();
    assertEquals(PolicyState.ACCEPTED, accepted.getState());
    assertEquals(second, accepted.getCommandId());
    assertEquals(2L, accepted.getSequence());
    assertEquals(1L, accepted.getGeneration());
  }

  @Test
  void shouldCopyEveryAcceptedEventAndNoRejectedOneToTheHistoryIndexKeyedBySubject() {
    TestOutputTopic<String, PolicyEvent> history = driver.createOutputTopic(TOPICS.policyHistory().name(),
        TOPICS.policyHistory().keySerde().deserializer(), TOPICS.policyHistory().valueSerde().deserializer());
    send(MeshFixtures.reviewsSubsets(id(1)));
    send(MeshFixtures.virtualService(id(2), "default", "reviews", REVIEWS, to(REVIEWS, "v1", 90), to(REVIEWS, "v2", 20)));
    send(MeshFixtures.reviews90to10(id(3)));

    List<TestRecord<String, PolicyEvent>> chain = events.readRecordsToList();
    List<TestRecord<String, PolicyEvent>> indexed = history.readRecordsToList();
    assertEquals(2, chain.size(), "the rejected command makes no event");
    assertEquals(chain.stream().map(TestRecord::key).toList(), indexed.stream().map(TestRecord::key).toList());
    assertEquals(chain.stream().map(TestRecord::value).toList(), indexed.stream().map(TestRecord::value).toList());
  }

  @Test
  void shouldTamperProofTheChain() {
    send(MeshFixtures.reviewsSubsets(id(1)));
    send(MeshFixtures.reviews90to10(id(2)));
    List<PolicyEvent> out = events.readValuesToList();
    PolicyEvent tampered = PolicyEvent.newBuilder(out.get(1)).build();
    tampered.getEnvelope().setActor("mallory");
    assertTrue(PolicyChain.links(out.get(0), out.get(1)));
    assertNotEquals(tampered.getEnvelope().getHash(), PolicyChain.hashOf(tampered));
  }

  @Test
  void shouldRejectWeightsThatDoNotSumTo100WithoutAnEvent() {
    String bad = id(7);
    send(MeshFixtures.virtualService(bad, "default", "reviews", REVIEWS, to(REVIEWS, "v1", 90), to(REVIEWS, "v2", 20)));

    assertTrue(events.isEmpty(), "a rejected command makes no event");
    TestRecord<String, PolicyStatus> status = statuses.readRecord();
    assertEquals("VirtualService/default/reviews", status.key());
    assertEquals(PolicyState.REJECTED, status.value().getState());
    assertEquals(bad, status.value().getCommandId());
    assertEquals("alice", status.value().getActor());
    assertTrue(status.value().getErrors().stream().anyMatch(e -> e.contains("100")), status.value().getErrors().toString());
    assertNull(status.value().getSequence());
  }

  @Test
  void shouldRejectDeleteOfUnknownResourceAndAcceptDeleteOfKnownOne() {
    send(MeshFixtures.delete(id(1), "VirtualService", "default", "reviews"));
    PolicyStatus rejected = statuses.readValue();
    assertEquals(PolicyState.REJECTED, rejected.getState());
    assertTrue(rejected.getErrors().stream().anyMatch(e -> e.contains("not found")), rejected.getErrors().toString());
    assertTrue(events.isEmpty());

    send(MeshFixtures.reviews90to10(id(2)));
    send(MeshFixtures.delete(id(3), "VirtualService", "default", "reviews"));
    send(MeshFixtures.delete(id(4), "VirtualService", "default", "reviews"));
    List<PolicyEvent> out = events.readValuesToList();
    assertEquals(2, out.size());
    assertEquals(PolicyChain.DELETED, out.get(1).getEnvelope().getType());
    assertEquals(2L, out.get(1).getGeneration());
    List<PolicyStatus> states = statuses.readValuesToList();
    assertEquals(List.of(PolicyState.ACCEPTED, PolicyState.ACCEPTED, PolicyState.REJECTED),
        states.stream().map(PolicyStatus::getState).toList(), "deleting twice: the second finds nothing");
  }

  @Test
  void shouldSkipUndecodableCommandAndKeepSequencing() {
    TestInputTopic<String, byte[]> raw = driver.createInputTopic(TOPICS.policyCommands().name(),
        new StringSerializer(), new ByteArraySerializer());
    raw.pipeInput("VirtualService/default/reviews", "not avro".getBytes(StandardCharsets.UTF_8));
    send(MeshFixtures.reviews90to10(id(1)));

    assertEquals(1L, events.readValue().getSequence());
  }

  @Test
  void shouldNameStoresAndTheChainRepartitionTopic() {
    Topology topology = SequencerTopology.build(TOPICS);
    String description = topology.describe().toString();
    assertTrue(description.contains("stores: [" + SequencerTopology.CHAIN_STORE + ", " + SequencerTopology.RESOURCES_STORE + "]")
        || description.contains("stores: [" + SequencerTopology.RESOURCES_STORE + ", " + SequencerTopology.CHAIN_STORE + "]"),
        description);
    assertTrue(description.contains("sequencer-chain-head"), description);
    assertTrue(description.contains("sequencer-resources"), description);
    assertTrue(description.contains("topic: sequencer-chain-repartition"), description);
    assertTrue(description.contains("Processor: sequencer "), description);
    assertTrue(description.contains("Source: sequencer-commands-source (topics: [test.mesh.policy.commands])"), description);
  }

  private void send(PolicyCommand command) {
    commands.pipeInput(command.getEnvelope().getSubject(), command);
  }

  private static String id(int n) {
    return new UUID(0L, n).toString();
  }
}
