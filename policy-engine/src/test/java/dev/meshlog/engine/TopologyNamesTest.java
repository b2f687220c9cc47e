package dev.meshlog.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.engine.ca.BootstrapTokens;
import dev.meshlog.engine.ca.CaAppTopology;
import dev.meshlog.engine.ca.CaSettings;
import dev.meshlog.engine.ca.MeshCa;
import dev.meshlog.engine.ca.checkpoint.CheckpointSetup;
import dev.meshlog.engine.ca.signer.CaAuthority;
import dev.meshlog.engine.ca.signer.CaMetrics;
import dev.meshlog.engine.ca.signer.SignerSetup;
import dev.meshlog.engine.sequencer.SequencerTopology;
import dev.meshlog.engine.snapshot.Debounce;
import dev.meshlog.engine.snapshot.SnapshotTopology;
import dev.meshlog.engine.snapshot.WorkloadIdentity;
import dev.meshlog.engine.status.StatusTopology;
import dev.meshlog.schemas.Topics;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.streams.Topology;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every processor, store and internal topic of the engine's four apps has a name we chose. A generated one
 * ({@code KSTREAM-AGGREGATE-STATE-STORE-0000000003}) is numbered by its position in the graph, so an upgrade
 * that adds an operator upstream renames it: its changelog or repartition topic changes and the state is lost.
 */
class TopologyNamesTest {

  /** Streams numbers every name it generates with ten digits: stores, their changelogs, repartition topics, nodes. */
  static final Pattern GENERATED = Pattern.compile("[A-Z]+(-[A-Z]+)*-\\d{10}");
  private static final Topics TOPICS = Topics.DEFAULT;

  @TempDir
  Path caDir;

  @Test
  void shouldNameEveryNodeStoreAndTopicOfTheSequencer() {
    assertNoGeneratedNames(SequencerTopology.build(TOPICS));
  }

  @Test
  void shouldNameEveryNodeStoreAndTopicOfTheSnapshotBuilder() {
    assertNoGeneratedNames(SnapshotTopology.build(TOPICS, Debounce.ISTIO, WorkloadIdentity.DEFAULT_TRUST_DOMAIN));
  }

  @Test
  void shouldNameEveryNodeStoreAndTopicOfTheStatusJob() {
    assertNoGeneratedNames(StatusTopology.build(TOPICS));
  }

  @Test
  void shouldNameEveryNodeStoreAndTopicOfTheCaApp() {
    Clock clock = Clock.systemUTC();
    CaAuthority authority = CaAuthority.fixed(MeshCa.loadOrCreate(CaSettings.defaults(caDir, "cluster.local"), "pw".toCharArray(), clock));
    SignerSetup signer = new SignerSetup("cluster.local", Duration.ofHours(24), BootstrapTokens.newKey(), authority,
        (identity, csr, credential, now) -> {
          throw new AssertionError("never called while building the graph");
        }, new CaMetrics(), clock, Duration.ofSeconds(30));
    assertNoGeneratedNames(CaAppTopology.build(TOPICS, signer, new CheckpointSetup("cluster.local", authority, clock, Duration.ofMinutes(1))));
  }

  @Test
  void shouldRecogniseTheNamesStreamsGenerates() {
    // the guard itself: these are the shapes Kafka 4 gives unnamed stores, changelogs and repartition topics
    for (String generated : List.of("KSTREAM-AGGREGATE-STATE-STORE-0000000003", "KTABLE-TOTABLE-0000000012",
        "KSTREAM-KEY-SELECT-0000000001-repartition", "KSTREAM-SOURCE-0000000000")) {
      assertTrue(GENERATED.matcher(generated).find(), generated);
    }
  }

  static void assertNoGeneratedNames(Topology topology) {
    String description = topology.describe().toString();
    Matcher m = GENERATED.matcher(description);
    List<String> found = m.results().map(r -> r.group()).distinct().toList();
    assertEquals(List.of(), found, "generated names in:\n" + description);
  }
}
