package dev.meshlog.engine.ca.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.avro.PolicyCheckpoint;
import dev.meshlog.avro.PolicyEvent;
import dev.meshlog.engine.MeshFixtures;
import dev.meshlog.engine.StreamsSettings;
import dev.meshlog.engine.ca.CaSettings;
import dev.meshlog.engine.ca.MeshCa;
import dev.meshlog.engine.ca.SigningCa;
import dev.meshlog.engine.ca.TrustBundle;
import java.security.KeyPairGenerator;
import dev.meshlog.engine.ca.signer.CaAuthority;
import dev.meshlog.engine.ca.signer.MutableClock;
import dev.meshlog.engine.sequencer.PolicyChain;
import dev.meshlog.schemas.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checkpoint job under TopologyTestDriver: it signs the chain head once per interval, only when the head moved. */
class CheckpointTopologyTest {

  private static final Topics TOPICS = Topics.withPrefix("test.");
  private static final Duration INTERVAL = Duration.ofSeconds(60);
  private static final Instant START = Instant.now().truncatedTo(ChronoUnit.SECONDS);

  @TempDir
  Path stateDir;
  @TempDir
  Path caDir;

  private final MutableClock clock = new MutableClock(START);
  private final AtomicReference<SigningCa> signing = new AtomicReference<>();
  private SigningCa ca;
  private TopologyTestDriver driver;
  private TestInputTopic<String, PolicyEvent> events;
  private TestOutputTopic<String, PolicyCheckpoint> checkpoints;
  private final List<PolicyEvent> chain = new ArrayList<>();

  @BeforeEach
  void start() {
    ca = MeshCa.loadOrCreate(CaSettings.defaults(caDir, "cluster.local"), "pw".toCharArray(), clock);
    signing.set(ca);
    CaAuthority authority = new CaAuthority() {
      @Override
      public SigningCa signingCa() {
        return signing.get();
      }

      @Override
      public TrustBundle trustBundle(Instant now) {
        return signing.get().trustBundle();
      }
    };
    CheckpointSetup setup = new CheckpointSetup("cluster.local", authority, clock, INTERVAL);
    driver = new TopologyTestDriver(CheckpointTopology.build(TOPICS, setup),
        StreamsSettings.forApp("checkpoint-test", "unused:9092", stateDir, 1, TOPICS.deadLetter().name()));
    events = driver.createInputTopic(TOPICS.policyEvents().name(),
        TOPICS.policyEvents().keySerde().serializer(), TOPICS.policyEvents().valueSerde().serializer());
    checkpoints = driver.createOutputTopic(TOPICS.policyCheckpoints().name(),
        TOPICS.policyCheckpoints().keySerde().deserializer(), TOPICS.policyCheckpoints().valueSerde().deserializer());
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  @Test
  void shouldSignTheHeadOfThePartitionAfterAnInterval() {
    append(3);
    assertEquals(List.of(), checkpoints.readRecordsToList(), "nothing before the interval has passed");

    driver.advanceWallClockTime(INTERVAL);

    List<TestRecord<String, PolicyCheckpoint>> out = checkpoints.readRecordsToList();
    assertEquals(1, out.size(), "one checkpoint for the head, not one per event");
    PolicyCheckpoint checkpoint = out.get(0).value();
    assertEquals("test.mesh.policy.events-0", out.get(0).key());
    assertEquals("test.mesh.policy.events", checkpoint.getTopic());
    assertEquals(0, checkpoint.getPartition());
    assertEquals(2L, checkpoint.getOffset());
    assertEquals(3L, checkpoint.getSequence());
    assertEquals(chain.get(2).getEnvelope().getHash(), checkpoint.getHash());
    assertEquals("cluster.local", checkpoint.getTrustDomain());
    assertEquals("SHA256withECDSA", checkpoint.getSignatureAlgorithm());
    assertEquals(START, checkpoint.getEnvelope().getTime());
    assertEquals("PolicyCheckpointSigned", checkpoint.getEnvelope().getType());
    assertEquals(List.of(CheckpointWire.pem(ca.certificate()), CheckpointWire.pem(ca.root())), checkpoint.getSignerChainPem(),
        "signing certificate first, up to the root");
    assertTrue(CheckpointSignature.verify(checkpoint, ca.certificate().getPublicKey()), "signed with the CA's signing key");
  }

  @Test
  void shouldNotSignAgainUntilTheHeadMoves() {
    append(2);
    driver.advanceWallClockTime(INTERVAL);
    assertEquals(1, checkpoints.readRecordsToList().size());

    clock.advance(INTERVAL);
    driver.advanceWallClockTime(INTERVAL);
    assertEquals(List.of(), checkpoints.readRecordsToList(), "an unmoved head is not signed again");

    append(1);
    clock.advance(INTERVAL);
    driver.advanceWallClockTime(INTERVAL);
    List<PolicyCheckpoint> next = checkpoints.readValuesToList();
    assertEquals(1, next.size());
    assertEquals(2L, next.get(0).getOffset());
    assertEquals(3L, next.get(0).getSequence());
    assertEquals(START.plus(INTERVAL.multipliedBy(2)), next.get(0).getEnvelope().getTime());
  }

  @Test
  void shouldKeepRunningAndRetryWhenTheKeyCannotSign() throws Exception {
    signing.set(new SigningCa(ca.certificate(), KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPrivate(), List.of(),
        ca.root()));
    append(2);
    driver.advanceWallClockTime(INTERVAL);
    assertEquals(List.of(), checkpoints.readRecordsToList(), "nothing signed with a key the CA cannot use");

    signing.set(ca);
    driver.advanceWallClockTime(INTERVAL);
    List<PolicyCheckpoint> retried = checkpoints.readValuesToList();
    assertEquals(1, retried.size(), "the head is signed at the next tick, the CA app still running");
    assertEquals(1L, retried.get(0).getOffset());
  }

  @Test
  void shouldNameItsStore() {
    String description = CheckpointTopology.build(TOPICS, new CheckpointSetup("cluster.local", CaAuthority.fixed(ca), clock, INTERVAL))
        .describe().toString();
    assertTrue(description.contains("stores: [" + CheckpointTopology.HEADS_STORE + "]"), description);
    assertTrue(description.contains(CheckpointTopology.SOURCE), description);
  }

  private void append(int count) {
    for (int i = 0; i < count; i++) {
      long sequence = chain.size() + 1;
      String prev = chain.isEmpty() ? null : chain.get(chain.size() - 1).getEnvelope().getHash();
      PolicyEvent event = PolicyChain.append(MeshFixtures.reviews90to10("command-" + sequence),
          "VirtualService/default/reviews", sequence, sequence, prev);
      chain.add(event);
      events.pipeInput(event.getEnvelope().getSubject(), event);
    }
  }
}
