package dev.meshlog.cli.bench;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.avro.ProxySnapshot;
import dev.meshlog.cli.Meshlog;
import dev.meshlog.engine.EngineConfig;
import dev.meshlog.engine.PolicyEngine;
import dev.meshlog.kafka.local.KafkaBroker;
import dev.meshlog.schemas.TopicAdmin;
import dev.meshlog.schemas.TopicSpec;
import dev.meshlog.schemas.Topics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code meshlog bench fanout --bootstrap}: against an engine that already folds the topics, the
 * benchmark measures the same way and leaves the mesh as it found it (its proxies removed again).
 */
@ExtendWith(KafkaBroker.class)
class FanoutAgainstExistingMeshIT {

  @TempDir
  Path state;

  @Test
  void shouldMeasureAnExistingMeshAndRemoveItsSimulatedProxiesAfterwards() {
    String bootstrap = KafkaBroker.bootstrapServers();
    String prefix = KafkaBroker.uniqueName("fanout") + ".";
    Topics topics = Topics.withPrefix(prefix);
    TopicAdmin.ensureTopics(bootstrap, topics.all(), 1, (short) 1);
    try (PolicyEngine engine = PolicyEngine.start(EngineConfig.defaults(bootstrap, topics, state).withApplicationIdPrefix(prefix + "engine"))) {
      engine.awaitRunning(Duration.ofSeconds(120));
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int exit = Meshlog.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
          .execute("bench", "fanout", "--bootstrap", bootstrap, "--topic-prefix", prefix,
              "--proxies", "4", "--services", "4", "--namespaces", "2", "--changes", "2");
      String report = out.toString();

      assertEquals(0, exit, report + err);
      assertTrue(report.contains("2 of 2 changes reached all expected proxies"), report);
      // an existing mesh's broker and engine are not this run's processes: only its own JVM is measured
      assertTrue(report.contains(BenchMesh.SELF_ROLE), report);
      assertFalse(report.contains("  broker "), report);
      assertFalse(report.contains("  engine "), report);
      Set<String> proxies = Set.of("bench-proxy-0", "bench-proxy-1", "bench-proxy-2", "bench-proxy-3");
      await().atMost(Duration.ofSeconds(60)).until(() -> lastSnapshots(bootstrap, topics.proxySnapshots()),
          last -> proxies.stream().allMatch(p -> last.containsKey(p) && last.get(p) == null));
    }
  }

  /** The last value per key on the snapshot topic; null for a key whose last record is a tombstone. */
  private static Map<String, ProxySnapshot> lastSnapshots(String bootstrap, TopicSpec<String, ProxySnapshot> topic) {
    Map<String, ProxySnapshot> last = new HashMap<>();
    try (KafkaConsumer<String, ProxySnapshot> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), topic.keySerde().deserializer(), topic.valueSerde().deserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> last.put(r.key(), r.value()));
      }
    }
    return last;
  }
}
