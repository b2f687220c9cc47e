package dev.meshlog.engine;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.avro.AckStatus;
import dev.meshlog.avro.PolicyRollout;
import dev.meshlog.avro.ProxyAck;
import dev.meshlog.avro.ProxySnapshot;
import dev.meshlog.avro.ProxyStatus;
import dev.meshlog.avro.ProxySyncState;
import dev.meshlog.avro.RouteConfig;
import dev.meshlog.avro.SnapshotCause;
import dev.meshlog.engine.status.RolloutSummary;
import dev.meshlog.kafka.local.KafkaBroker;
import dev.meshlog.schemas.TopicAdmin;
import dev.meshlog.schemas.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole engine, as the mesh runs it: two sidecars register, a policy goes through the sequencer
 * and the snapshot builder, one proxy ACKs its snapshot and the other NACKs it, and the engine's
 * status job reports both proxies and the policy's rollout (the NACK on the policy that caused it).
 */
@ExtendWith(KafkaBroker.class)
class RolloutStatusIT {

  private static final Duration PATIENCE = Duration.ofSeconds(90);
  private static final String VS = "VirtualService/default/reviews";
  private static final String ERROR = "route reviews: weights refused by this proxy";

  @TempDir
  Path stateDir;

  @Test
  void shouldShowTheAckAndTheNackOnTheProxiesAndOnTheRolloutOfThePolicy() throws Exception {
    String bootstrap = KafkaBroker.bootstrapServers();
    Topics topics = Topics.withPrefix(KafkaBroker.uniqueName("rollout") + ".");
    TopicAdmin.ensureTopics(bootstrap, topics.all(), 1, (short) 1);
    EngineConfig config = EngineConfig.defaults(bootstrap, topics, stateDir).withApplicationIdPrefix(KafkaBroker.uniqueName("rollout-it"));

    try (PolicyEngine engine = PolicyEngine.start(config);
        var snapshots = new TopicReader<>(bootstrap, topics.proxySnapshots());
        var statuses = new TopicReader<>(bootstrap, topics.proxyStatus());
        var rollouts = new TopicReader<>(bootstrap, topics.policyRollout())) {
      engine.awaitRunning(PATIENCE);

      TopicWriter.send(bootstrap, topics.clusterEvents(), List.of(
          MeshFixtures.workload("reviews-v1", "default", "reviews", "v1", "reviews-v1", 1),
          MeshFixtures.workload("reviews-v2", "default", "reviews", "v2", "reviews-v2", 2)),
          e -> e.getEnvelope().getSubject());
      await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> {
        Map<String, ProxyStatus> latest = latest(statuses.poll());
        assertEquals(ProxySyncState.STALE, latest.get("reviews-v1").getState(), "sent, not answered");
        assertEquals(ProxySyncState.STALE, latest.get("reviews-v2").getState());
      });

      TopicWriter.send(bootstrap, topics.policyCommands(), List.of(
          MeshFixtures.reviewsSubsets("00000000-0000-0000-0000-0000000000d1"),
          MeshFixtures.reviews90to10("00000000-0000-0000-0000-0000000000f1")),
          c -> c.getEnvelope().getSubject());
      Map<String, ProxySnapshot> routed = new HashMap<>();
      await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> {
        Map<String, ProxySnapshot> latest = latest(snapshots.poll());
        for (String proxy : List.of("reviews-v1", "reviews-v2")) {
          assertTrue(carriesTheVirtualService(latest.get(proxy)), proxy + " has no route shaped by " + VS + " yet");
          routed.put(proxy, latest.get(proxy));
        }
      });

      // what each sidecar does with the snapshot: one applies it, the other refuses it
      ProxySnapshot v1 = routed.get("reviews-v1");
      ProxySnapshot v2 = routed.get("reviews-v2");
      TopicWriter.send(bootstrap, topics.proxyAcks(), List.of(
          new ProxyAck("reviews-v1", v1.getVersion(), v1.getHash(), AckStatus.ACK, null, Instant.now()),
          new ProxyAck("reviews-v2", v2.getVersion(), v2.getHash(), AckStatus.NACK, ERROR, Instant.now())),
          ProxyAck::getProxyId);

      await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> {
        Map<String, ProxyStatus> latest = latest(statuses.poll());
        ProxyStatus synced = latest.get("reviews-v1");
        assertEquals(ProxySyncState.SYNCED, synced.getState());
        assertEquals(v1.getVersion(), synced.getAckedVersion());
        ProxyStatus nacked = latest.get("reviews-v2");
        assertEquals(ProxySyncState.NACKED, nacked.getState());
        assertEquals(v2.getVersion(), nacked.getNackedVersion());
        assertEquals(ERROR, nacked.getNackError());
      });

      // needs the snapshot builder to name the causes of each snapshot (ProxySnapshot.causes)
      assertTrue(v1.getCauses().stream().map(SnapshotCause::getSubject).anyMatch(VS::equals),
          "the snapshot builder does not name " + VS + " among the causes of " + v1.getCauses());
      await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> {
        PolicyRollout rollout = latest(rollouts.poll()).get(VS);
        assertNotNull(rollout, "no rollout of " + VS + " yet");
        assertEquals("applied 1 of 2, NACKed by reviews-v2: " + ERROR, RolloutSummary.of(rollout));
        assertEquals(topics.policyEvents().name(), rollout.getTopic());
        assertNotNull(rollout.getApplyP50Ms());
      });
    }
  }

  private static boolean carriesTheVirtualService(ProxySnapshot snapshot) {
    return snapshot != null && snapshot.getRoutes().stream().map(RouteConfig::getProvenance).anyMatch(p -> p.contains(VS));
  }

  private static <V> Map<String, V> latest(List<ConsumerRecord<String, V>> records) {
    Map<String, V> latest = new HashMap<>();
    records.forEach(r -> latest.put(r.key(), r.value()));
    return latest;
  }
}
