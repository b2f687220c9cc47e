package dev.meshlog.cli.bench;

import dev.meshlog.engine.EngineConfig;
import dev.meshlog.engine.PolicyEngine;
import dev.meshlog.kafka.local.EmbeddedKafka;
import dev.meshlog.schemas.TopicAdmin;
import dev.meshlog.schemas.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * The mesh a fan-out run measures. Embedded (the default): a throw-away broker and a real policy
 * engine in this JVM, on topics and application ids unique to the run, so the engine's heap can be
 * estimated. External ({@code --bootstrap}): an engine elsewhere already folds the given topics.
 */
final class BenchMesh implements AutoCloseable {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

  private final String bootstrap;
  private final Topics topics;
  private final EmbeddedKafka broker;
  private final PolicyEngine engine;
  private final Path stateDir;
  private final long heapBeforeEngine;

  private BenchMesh(String bootstrap, Topics topics, EmbeddedKafka broker, PolicyEngine engine, Path stateDir, long heapBeforeEngine) {
    this.bootstrap = bootstrap;
    this.topics = topics;
    this.broker = broker;
    this.engine = engine;
    this.stateDir = stateDir;
    this.heapBeforeEngine = heapBeforeEngine;
  }

  static BenchMesh embedded() throws IOException {
    String run = "fanout-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    Path stateDir = Files.createTempDirectory("meshlog-bench-engine");
    EmbeddedKafka broker = EmbeddedKafka.startTemporary();
    try {
      Topics topics = Topics.withPrefix(run + ".");
      // one partition: the snapshot builder folds each input topic in one task
      TopicAdmin.ensureTopics(broker.bootstrapServers(), topics.all(), 1, (short) 1);
      long baseline = usedHeapAfterGc();
      PolicyEngine engine = PolicyEngine.start(EngineConfig.defaults(broker.bootstrapServers(), topics, stateDir)
          .withApplicationIdPrefix(run));
      try {
        engine.awaitRunning(START_TIMEOUT);
      } catch (RuntimeException | Error e) {
        engine.close();
        throw e;
      }
      return new BenchMesh(broker.bootstrapServers(), topics, broker, engine, stateDir, baseline);
    } catch (RuntimeException | Error e) {
      broker.close(); // its threads would keep the JVM alive
      throw e;
    }
  }

  static BenchMesh external(String bootstrap, Topics topics) {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000))) {
      admin.describeCluster().nodes().get(6, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reaching Kafka at " + bootstrap, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot reach Kafka at " + bootstrap, e);
    }
    return new BenchMesh(bootstrap, topics, null, null, null, 0);
  }

  String bootstrap() {
    return bootstrap;
  }

  Topics topics() {
    return topics;
  }

  /** A mesh others use: start reading snapshots from now on, and remove what the run added at the end. */
  boolean shared() {
    return engine == null;
  }

  String describe() {
    return shared() ? "existing mesh at " + bootstrap + " (its engine folds " + topics.clusterEvents().name() + ")"
        : "embedded broker and policy engine in this JVM (debounce " + EngineConfig.defaults(bootstrap, topics, stateDir).debounce() + ")";
  }

  /**
   * This JVM's used heap after a full GC now, minus the same measured after the broker started and
   * before the engine did: an estimate of the engine's live heap (plus the simulated proxies' clients).
   */
  OptionalLong engineHeapBytes() {
    return shared() ? OptionalLong.empty() : OptionalLong.of(usedHeapAfterGc() - heapBeforeEngine);
  }

  private static long usedHeapAfterGc() {
    System.gc();
    System.gc(); // a second pass catches what the first one's finalization released
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  @Override
  public void close() {
    if (engine != null) {
      engine.close();
    }
    if (broker != null) {
      broker.close();
    }
    if (stateDir != null) {
      try (Stream<Path> files = Files.walk(stateDir)) {
        files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot delete " + stateDir, e);
      }
    }
  }
}
