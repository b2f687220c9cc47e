package dev.meshlog.engine;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.avro.Operation;
import dev.meshlog.avro.PolicyEvent;
import dev.meshlog.avro.ProxySnapshot;
import dev.meshlog.avro.RouteConfig;
import dev.meshlog.avro.SidecarEgress;
import dev.meshlog.avro.SidecarSpec;
import dev.meshlog.engine.sequencer.PolicyChain;
import dev.meshlog.engine.snapshot.Debounce;
import dev.meshlog.engine.snapshot.SnapshotTopology;
import dev.meshlog.kafka.local.KafkaBroker;
import dev.meshlog.schemas.TopicAdmin;
import dev.meshlog.schemas.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The snapshot builder on a real broker, fed accepted policy events directly (the sequencer is not
 * under test here): proxies with different Sidecar scopes get different snapshots, and a change only
 * one of them reaches re-publishes only that one.
 */
@ExtendWith(KafkaBroker.class)
class SidecarScopeIT {

  private static final Duration PATIENCE = Duration.ofSeconds(90);
  private static final String REVIEWS = "reviews.default.svc.cluster.local";
  private static final String RATINGS = "ratings.default.svc.cluster.local";

  @TempDir
  Path stateDir;

  @Test
  void shouldRepublishOnlyTheProxyWhoseScopeReachesTheChangedService() throws Exception {
    String bootstrap = KafkaBroker.bootstrapServers();
    String name = KafkaBroker.uniqueName("scope");
    Topics topics = Topics.withPrefix(name + ".");
    TopicAdmin.ensureTopics(bootstrap, topics.all(), 1, (short) 1);
    SidecarSpec onlyReviews = SidecarSpec.newBuilder()
        .setEgress(List.of(SidecarEgress.newBuilder().setHosts(List.of("./" + REVIEWS)).build())).build();
    var command = MeshFixtures.command("00000000-0000-0000-0000-0000000000c1", Operation.UPSERT, "Sidecar", "default", "default", onlyReviews);
    PolicyEvent sidecar = PolicyChain.append(command, command.getEnvelope().getSubject(), 1, 1, null);

    try (KafkaStreams streams = new KafkaStreams(SnapshotTopology.build(topics, Debounce.ISTIO),
        StreamsSettings.forApp(name + "-snapshots", bootstrap, stateDir, 1, topics.deadLetter().name()));
        TopicReader<String, ProxySnapshot> snapshots = new TopicReader<>(bootstrap, topics.proxySnapshots())) {
      streams.start();
      TopicWriter.send(bootstrap, topics.policyEvents(), List.of(sidecar), e -> e.getEnvelope().getSubject());
      TopicWriter.send(bootstrap, topics.clusterEvents(), List.of(
          MeshFixtures.workload("client", "default", "client", null, "client", 0),
          MeshFixtures.workload("tester", "qa", "tester", null, "tester", 0),
          MeshFixtures.workload("reviews-v1", "default", "reviews", "v1", null, 9081),
          MeshFixtures.workload("ratings-v1", "default", "ratings", "v1", null, 9082)), e -> e.getEnvelope().getSubject());

      await().atMost(PATIENCE).untilAsserted(() -> {
        List<ConsumerRecord<String, ProxySnapshot>> out = snapshots.poll();
        assertEquals(List.of(REVIEWS), hosts(latest(out, "client").value()));
        assertEquals(List.of(RATINGS, REVIEWS), hosts(latest(out, "tester").value()));
      });
      ConsumerRecord<String, ProxySnapshot> clientBefore = latest(snapshots.poll(), "client");
      ConsumerRecord<String, ProxySnapshot> testerBefore = latest(snapshots.poll(), "tester");

      TopicWriter.send(bootstrap, topics.clusterEvents(), List.of(MeshFixtures.workload("ratings-v2", "default", "ratings", "v2", null, 9083)),
          e -> e.getEnvelope().getSubject());

      await().atMost(PATIENCE).untilAsserted(() -> {
        ProxySnapshot tester = latest(snapshots.poll(), "tester").value();
        assertTrue(tester.getVersion() > testerBefore.value().getVersion());
        assertEquals(2, tester.getClusters().stream().filter(c -> c.getHost().equals(RATINGS)).findFirst().orElseThrow().getEndpoints().size());
      });
      ConsumerRecord<String, ProxySnapshot> clientAfter = latest(snapshots.poll(), "client");
      assertEquals(clientBefore.offset(), clientAfter.offset(), "the client's snapshot was not re-published");
      assertEquals(clientBefore.value().getVersion(), clientAfter.value().getVersion());
      assertEquals(1, snapshots.poll().stream().filter(r -> r.key().equals("client")).count(), "one client snapshot in all");
    }
  }

  private static ConsumerRecord<String, ProxySnapshot> latest(List<ConsumerRecord<String, ProxySnapshot>> records, String proxyId) {
    ConsumerRecord<String, ProxySnapshot> latest = null;
    for (ConsumerRecord<String, ProxySnapshot> record : records) {
      if (record.key().equals(proxyId)) {
        latest = record;
      }
    }
    assertTrue(latest != null, "no snapshot for " + proxyId + " yet");
    return latest;
  }

  private static List<String> hosts(ProxySnapshot snapshot) {
    return snapshot.getRoutes().stream().map(RouteConfig::getName).toList();
  }
}
