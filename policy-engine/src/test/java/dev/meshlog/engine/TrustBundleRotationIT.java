package dev.meshlog.engine;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meshlog.avro.MeshTrustBundle;
import dev.meshlog.engine.ca.CaSettings;
import dev.meshlog.engine.ca.MeshCa;
import dev.meshlog.engine.ca.RootRotation;
import dev.meshlog.engine.ca.SigningCa;
import dev.meshlog.engine.ca.signer.CaConfig;
import dev.meshlog.engine.ca.signer.MutableClock;
import dev.meshlog.engine.ca.signer.Workload;
import dev.meshlog.kafka.local.KafkaBroker;
import dev.meshlog.schemas.TopicAdmin;
import dev.meshlog.schemas.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A root rotation on a real broker: the published bundle holds both roots during the overlap, the new one after. */
@ExtendWith(KafkaBroker.class)
class TrustBundleRotationIT {

  private static final Duration PATIENCE = Duration.ofSeconds(120);

  @TempDir
  Path stateDir;
  @TempDir
  Path caDir;

  @Test
  void shouldPublishBothRootsDuringTheOverlapAndTheNewRootAfter() throws Exception {
    String bootstrap = KafkaBroker.bootstrapServers();
    String name = KafkaBroker.uniqueName("ca-bundle");
    Topics topics = Topics.withPrefix(name + ".");
    TopicAdmin.ensureTopics(bootstrap, topics.all(), 1, (short) 1);
    MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    CaSettings settings = CaSettings.defaults(caDir, "cluster.local");
    SigningCa old = MeshCa.loadOrCreate(settings, "s3cret".toCharArray(), clock);
    RootRotation rotation = MeshCa.rotateRoot(settings, "s3cret".toCharArray(), Duration.ofHours(25), clock);
    CaConfig ca = CaConfig.ownCa(settings, "s3cret".toCharArray()).withClock(clock).withBundleCheckInterval(Duration.ofSeconds(1));
    String oldRoot = Workload.pem(old.root());
    String newRoot = Workload.pem(rotation.ca().root());

    try (PolicyEngine engine = PolicyEngine.start(EngineConfig.defaults(bootstrap, topics, stateDir).withApplicationIdPrefix(name).withCa(ca));
         var bundles = new TopicReader<>(bootstrap, topics.caBundle())) {
      engine.awaitRunning(PATIENCE);
      await().atMost(PATIENCE).untilAsserted(() -> assertEquals(List.of(oldRoot, newRoot), latest(bundles.poll()).getRootsPem()));

      clock.advance(Duration.ofHours(26));

      await().atMost(PATIENCE).untilAsserted(() -> assertEquals(List.of(newRoot), latest(bundles.poll()).getRootsPem()));
      assertEquals("cluster.local", bundles.poll().get(bundles.poll().size() - 1).key());
    }
  }

  private static MeshTrustBundle latest(List<ConsumerRecord<String, MeshTrustBundle>> records) {
    if (records.isEmpty()) {
      throw new AssertionError("no trust bundle published yet");
    }
    return records.get(records.size() - 1).value();
  }
}
