package dev.meshlog.engine;

import static dev.meshlog.engine.MeshFixtures.REVIEWS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.avro.ClusterConfig;
import dev.meshlog.avro.EndpointConfig;
import dev.meshlog.avro.PolicyEvent;
import dev.meshlog.avro.PolicyState;
import dev.meshlog.avro.PolicyStatus;
import dev.meshlog.avro.ProxySnapshot;
import dev.meshlog.avro.RouteConfig;
import dev.meshlog.avro.SourceOffset;
import dev.meshlog.avro.WeightedCluster;
import dev.meshlog.engine.sequencer.PolicyChain;
import dev.meshlog.kafka.local.KafkaBroker;
import dev.meshlog.schemas.SchemaCatalogPublisher;
import dev.meshlog.schemas.TopicAdmin;
import dev.meshlog.schemas.TopicSpec;
import dev.meshlog.schemas.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(KafkaBroker.class)
class PolicyEngineIT {

  private static final Duration PATIENCE = Duration.ofSeconds(90);

  @TempDir
  Path stateDir;

  @Test
  void shouldSequencePoliciesAndPublishTheClientsWeightedRoutes() throws Exception {
    String bootstrap = KafkaBroker.bootstrapServers();
    Topics topics = Topics.withPrefix(KafkaBroker.uniqueName("engine") + ".");
    TopicAdmin.ensureTopics(bootstrap, topics.all(), 1, (short) 1);
    EngineConfig config = EngineConfig.defaults(bootstrap, topics, stateDir).withApplicationIdPrefix(KafkaBroker.uniqueName("engine-it"));

    try (PolicyEngine engine = PolicyEngine.start(config)) {
      engine.awaitRunning(PATIENCE);
      assertTrue(engine.isRunning());
      assertEquals(SchemaCatalogPublisher.entries(), new TreeMap<>(SchemaCatalogPublisher.read(bootstrap, topics.schemaCatalog().name())),
          "the engine published every schema to the catalog at start");
      assertEquals(0, SchemaCatalogPublisher.publish(bootstrap, topics.schemaCatalog()), "publishing again writes nothing");

      TopicWriter.send(bootstrap, topics.clusterEvents(), List.of(
          MeshFixtures.workload("client", "default", "client", null, "client", 0),
          MeshFixtures.workload("reviews-v1", "default", "reviews", "v1", "reviews-v1", 1),
          MeshFixtures.workload("reviews-v2", "default", "reviews", "v2", "reviews-v2", 2)),
          e -> e.getEnvelope().getSubject());
      String ruleCommand = "00000000-0000-0000-0000-0000000000d1";
      String routeCommand = "00000000-0000-0000-0000-0000000000f1";
      TopicWriter.send(bootstrap, topics.policyCommands(), List.of(MeshFixtures.reviewsSubsets(ruleCommand), MeshFixtures.reviews90to10(routeCommand)),
          c -> c.getEnvelope().getSubject());

      try (var events = new TopicReader<>(bootstrap, topics.policyEvents());
          var statuses = new TopicReader<>(bootstrap, topics.policyStatus());
          var snapshots = new TopicReader<>(bootstrap, topics.proxySnapshots())) {
        await().atMost(PATIENCE).untilAsserted(() -> assertEquals(2, events.poll().size()));
        List<PolicyEvent> chain = events.poll().stream().map(ConsumerRecord::value).toList();
        assertTrue(PolicyChain.links(null, chain.get(0)), "first link");
        assertTrue(PolicyChain.links(chain.get(0), chain.get(1)), "second link points at the first and recomputes");
        assertEquals(routeCommand, chain.get(1).getEnvelope().getCausationId());

        await().atMost(PATIENCE).untilAsserted(() -> assertEquals(2, statuses.poll().size()));
        List<PolicyStatus> states = statuses.poll().stream().map(ConsumerRecord::value).toList();
        assertEquals(List.of(PolicyState.ACCEPTED, PolicyState.ACCEPTED), states.stream().map(PolicyStatus::getState).toList(),
            states.toString());
        assertEquals(List.of(ruleCommand, routeCommand), states.stream().map(PolicyStatus::getCommandId).toList());

        await().atMost(PATIENCE).untilAsserted(() -> {
          ProxySnapshot client = latest(snapshots.poll(), "client");
          RouteConfig reviews = client.getRoutes().stream().filter(r -> r.getName().equals(REVIEWS)).findFirst().orElseThrow();
          List<WeightedCluster> split = reviews.getRules().get(0).getClusters();
          assertEquals(List.of(new WeightedCluster("outbound|80|v1|" + REVIEWS, 90, null), new WeightedCluster("outbound|80|v2|" + REVIEWS, 10, null)),
              split);
          assertEquals(List.of("reviews-v1:1"), endpoints(client, "outbound|80|v1|" + REVIEWS));
          assertEquals(List.of("reviews-v2:2"), endpoints(client, "outbound|80|v2|" + REVIEWS));
        });
        ProxySnapshot client = latest(snapshots.poll(), "client");
        // the VirtualService event last changed the client: its position on both inputs is the version.
        // Policy events are written in transactions, so their offsets skip the commit markers.
        long lastPolicyOffset = events.poll().get(1).offset();
        assertEquals(List.of(new SourceOffset(topics.clusterEvents().name(), 0, 2L), new SourceOffset(topics.policyEvents().name(), 0, lastPolicyOffset)),
            client.getSourceOffsets());
        assertEquals((2 + 1) + (lastPolicyOffset + 1), client.getVersion());
      }
    }
  }

  @Test
  void shouldRefuseToStartOnMultiPartitionSnapshotInputs() {
    String bootstrap = KafkaBroker.bootstrapServers();
    Topics topics = Topics.withPrefix(KafkaBroker.uniqueName("engine-parts") + ".");
    TopicAdmin.ensureTopics(bootstrap, topics.all(), 2, (short) 1);

    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> PolicyEngine.start(EngineConfig.defaults(bootstrap, topics, stateDir)));

    assertTrue(e.getMessage().contains(topics.policyEvents().name() + " has 2"), e.getMessage());
  }

  private static ProxySnapshot latest(List<ConsumerRecord<String, ProxySnapshot>> records, String proxyId) {
    ProxySnapshot latest = null;
    for (ConsumerRecord<String, ProxySnapshot> record : records) {
      if (record.key().equals(proxyId)) {
        latest = record.value();
      }
    }
    assertTrue(latest != null, "no snapshot for " + proxyId + " yet");
    return latest;
  }

  private static List<String> endpoints(ProxySnapshot snapshot, String cluster) {
    ClusterConfig config = snapshot.getClusters().stream().filter(c -> c.getName().equals(cluster)).findFirst().orElseThrow();
    return config.getEndpoints().stream().map(EndpointConfig::getWorkload).map(w -> w + ":" + port(config, w)).toList();
  }

  private static int port(ClusterConfig cluster, String workload) {
    return cluster.getEndpoints().stream().filter(e -> e.getWorkload().equals(workload)).findFirst().orElseThrow().getPort();
  }

}
