package dev.meshlog.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.engine.snapshot.Debounce;
import dev.meshlog.schemas.SchemaCatalog;
import dev.meshlog.schemas.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code meshlog up}'s runtime on its own embedded broker (not the shared test broker: this is the
 * broker {@code up} starts): topics with their configs, the bootstrap file, and a second start on the
 * same data directory that finds what the first one wrote.
 */
class MeshRuntimeIT {

  @TempDir
  Path dataDir;

  @Test
  void shouldCreateTopicsWithTheirConfigsAndKeepTheMeshAcrossARestart() throws Exception {
    Topics topics = Topics.DEFAULT;
    String bootstrap;
    try (MeshRuntime first = MeshRuntime.start(options())) {
      bootstrap = first.bootstrap();
      assertEquals(bootstrap, Files.readString(dataDir.resolve("bootstrap")).trim(), "other commands find the mesh");
      Map<String, Config> configs = describe(bootstrap, topics);
      assertEquals("-1", value(configs, topics.policyEvents().name(), "retention.ms"), "policy events are kept forever");
      assertEquals("-1", value(configs, topics.clusterEvents().name(), "retention.ms"), "cluster events are kept forever");
      assertEquals("compact", value(configs, topics.proxySnapshots().name(), "cleanup.policy"));
      assertEquals("compact", value(configs, topics.policyStatus().name(), "cleanup.policy"));
      assertEquals("compact", value(configs, topics.schemaCatalog().name(), "cleanup.policy"));
      CliRun schemas = CliRun.of("schemas", "--bootstrap", bootstrap);
      assertEquals(0, schemas.exitCode(), schemas.err());
      assertEquals(SchemaCatalog.MESSAGES.size() + 1, schemas.out().split("\n").length, "up publishes the catalog: " + schemas.out());

      CliRun apply = CliRun.of("apply", "-f", "../demo/reviews-90-10.yaml", "--bootstrap", bootstrap, "--wait", "30s");
      assertEquals(0, apply.exitCode(), apply.toString());
      assertTrue(apply.out().contains("VirtualService/default/reviews accepted (sequence 2"), apply.out());
    }
    assertFalse(Files.exists(dataDir.resolve("bootstrap")), "a clean stop removes the bootstrap file");

    try (MeshRuntime second = MeshRuntime.start(options())) {
      // The chain continues where it stopped: the data (log and engine state) survived.
      CliRun apply = CliRun.of("apply", "-f", "../demo/reviews-v2.yaml", "--bootstrap", second.bootstrap(), "--wait", "30s");
      assertEquals(0, apply.exitCode(), apply.toString());
      assertTrue(apply.out().contains("VirtualService/default/reviews accepted (sequence 3, generation 2)"), apply.out());
      assertEquals(SchemaCatalog.MESSAGES.size(), endOffset(second.bootstrap(), topics.schemaCatalog().name()),
          "a restart finds the catalog complete and writes nothing to it");

      // A job that fails is reported, so that `meshlog up` exits with status 1 instead of running on half dead.
      assertFalse(second.failure().isDone());
      try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, second.bootstrap()))) {
        admin.deleteTopics(List.of(topics.telemetryRequests().name())).all().get();
      }
      String reason = second.failure().get(60, TimeUnit.SECONDS);
      assertTrue(reason.startsWith("Kafka Streams app meshlog-telemetry failed: "), reason);
      assertTrue(reason.contains("MissingSourceTopicException"), reason);
    }
  }

  private MeshRuntime.Options options() {
    return new MeshRuntime.Options(dataDir, Optional.empty(), 0, Topics.DEFAULT, 1, (short) 1, false, 0, Debounce.ISTIO, "cluster.local", Duration.ofHours(24),
        Duration.ofSeconds(60));
  }

  private static Map<String, Config> describe(String bootstrap, Topics topics) throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      List<ConfigResource> resources = topics.all().stream()
          .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t.name())).toList();
      return await().atMost(Duration.ofSeconds(30)).until(() -> admin.describeConfigs(resources).all().get(), m -> m.size() == resources.size())
          .entrySet().stream().collect(Collectors.toMap(e -> e.getKey().name(), Map.Entry::getValue));
    }
  }

  private static long endOffset(String bootstrap, String topic) throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      TopicPartition only = new TopicPartition(topic, 0);
      return admin.listOffsets(Map.of(only, OffsetSpec.latest())).partitionResult(only).get().offset();
    }
  }

  private static String value(Map<String, Config> configs, String topic, String key) {
    return configs.get(topic).get(key).value();
  }
}
