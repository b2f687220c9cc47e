package dev.meshlog.cli.bench;

import dev.meshlog.cli.jobs.Membership;
import dev.meshlog.schemas.GroupSessionTimeout;
import dev.meshlog.schemas.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.common.Node;

/**
 * The mesh a benchmark measures. Embedded (the default): a throw-away broker and a real policy engine
 * (what {@code meshlog engine} runs, with its CA: {@link BenchEngine}), each in its own child JVM so each one's memory
 * can be measured, on topics unique to the run. External ({@code --bootstrap}): an engine elsewhere
 * already folds the given topics.
 */
final class BenchMesh implements AutoCloseable {

  /** Maximum heaps of the child JVMs. */
  record Heaps(String broker, String engine) {}

  /**
   * How many engine instances an embedded mesh runs (each its own JVM, state directory and instance id, one shared CA),
   * the standby replicas each stateful task keeps on the others, and their groups' session timeout.
   */
  record Engines(int instances, int standbyReplicas, Duration sessionTimeout) {

    static final Engines ONE = new Engines(1, Membership.DEFAULT.standbyReplicas(), Membership.DEFAULT.sessionTimeout());

    Engines {
      if (instances < 1) {
        throw new IllegalArgumentException("--engines: must be at least 1, got " + instances);
      }
      if (standbyReplicas < 0) {
        throw new IllegalArgumentException("--standby-replicas: must not be negative, got " + standbyReplicas);
      }
      try {
        GroupSessionTimeout.check(sessionTimeout);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--session-timeout: " + e.getMessage(), e);
      }
    }
  }

  private static final Duration START_TIMEOUT = Duration.ofMinutes(10); // a loaded two-core machine takes minutes
  static final String SELF_ROLE = "simulated proxies (this JVM)";

  private final String bootstrap;
  private final Topics topics;
  private final List<MeasuredJvm> children;
  private final List<MeasuredJvm> engines;
  private final Path workDir;

  private BenchMesh(String bootstrap, Topics topics, List<MeasuredJvm> children, Path workDir) {
    this.bootstrap = bootstrap;
    this.topics = topics;
    this.children = children;
    this.engines = children.stream().filter(c -> c.role().startsWith("engine")).toList();
    this.workDir = workDir;
  }

  static BenchMesh embedded(Heaps heaps) throws IOException, InterruptedException {
    return embedded(heaps, Engines.ONE);
  }

  static BenchMesh embedded(Heaps heaps, Engines engines) throws IOException, InterruptedException {
    String run = "bench-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    Path workDir = Files.createTempDirectory("meshlog-bench");
    List<MeasuredJvm> children = new ArrayList<>();
    try {
      MeasuredJvm broker = MeasuredJvm.start("broker", heaps.broker(), workDir.resolve("broker.log"), true,
          BenchBroker.class.getName(), List.of());
      children.add(broker);
      String bootstrap = broker.awaitLine(BenchBroker.READY_PREFIX, START_TIMEOUT).substring(BenchBroker.READY_PREFIX.length()).trim();
      if (engines.instances() == 1) { // as `meshlog engine` runs by default: dynamic membership
        children.add(startEngine("engine", heaps, workDir, bootstrap, run, List.of()));
      } else {
        for (int i = 0; i < engines.instances(); i++) {
          String id = "engine-" + i;
          children.add(startEngine(id, heaps, workDir, bootstrap, run,
              List.of(workDir.resolve("ca").toString(), id, Integer.toString(engines.standbyReplicas()),
                  Long.toString(engines.sessionTimeout().toMillis()))));
        }
      }
      return new BenchMesh(bootstrap, Topics.withPrefix(run + "."), List.copyOf(children), workDir);
    } catch (IOException | InterruptedException | RuntimeException | Error e) {
      children.forEach(MeasuredJvm::close); // a child left running would outlive the benchmark
      delete(workDir);
      throw e;
    }
  }

  private static MeasuredJvm startEngine(String role, Heaps heaps, Path workDir, String bootstrap, String run,
      List<String> instanceArgs) throws IOException, InterruptedException {
    List<String> args = new ArrayList<>(List.of(bootstrap, run + ".", workDir.resolve(role).toString()));
    args.addAll(instanceArgs);
    MeasuredJvm engine = MeasuredJvm.start(role, heaps.engine(), workDir.resolve(role + ".log"), true,
        BenchEngine.class.getName(), args);
    try {
      engine.awaitLine(BenchEngine.READY_LINE, START_TIMEOUT);
      return engine;
    } catch (IllegalStateException | InterruptedException e) {
      engine.close();
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
    return new BenchMesh(bootstrap, topics, List.of(), null);
  }

  /** The engine JVMs of an embedded mesh, in start order (none for an existing mesh). */
  List<MeasuredJvm> engines() {
    return engines;
  }

  String bootstrap() {
    return bootstrap;
  }

  Topics topics() {
    return topics;
  }

  /** The prefix of the run's topic names ("" for the production names), which also prefixes the engine's application ids. */
  String topicPrefix() {
    String name = topics.policyCommands().name();
    return name.substring(0, name.length() - Topics.DEFAULT.policyCommands().name().length());
  }

  /** A mesh others use: start reading snapshots from now on, and remove what the run added at the end. */
  boolean shared() {
    return children.isEmpty();
  }

  String describe() {
    return shared() ? "existing mesh at " + bootstrap + " (its engine folds " + topics.clusterEvents().name() + ")"
        : "embedded: a broker and " + (engines.size() == 1 ? "the policy engine" : engines.size() + " policy engine instances (one CA)")
            + " (as `meshlog engine` runs it: Istio debounce, with its CA), each in its own JVM; the simulated proxies in this one";
  }

  /** Memory of the broker and engine JVMs (when embedded) and of this one, measured now. */
  List<MeasuredJvm.Memory> memory() {
    List<MeasuredJvm.Memory> memory = new ArrayList<>();
    children.forEach(c -> memory.add(c.memory()));
    memory.add(MeasuredJvm.self(SELF_ROLE));
    return memory;
  }

  /** Bytes the broker holds for {@code topic} over all partitions (log segments on disk, before compaction catches up). */
  OptionalLong bytesOnDisk(String topic) {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      List<Integer> brokers = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).stream().map(Node::id).toList();
      long bytes = 0;
      for (Map<String, LogDirDescription> dirs : admin.describeLogDirs(brokers).allDescriptions().get(30, TimeUnit.SECONDS).values()) {
        for (LogDirDescription dir : dirs.values()) {
          bytes += dir.replicaInfos().entrySet().stream().filter(e -> e.getKey().topic().equals(topic))
              .mapToLong(e -> e.getValue().size()).sum();
        }
      }
      return OptionalLong.of(bytes);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return OptionalLong.empty();
    } catch (ExecutionException | TimeoutException e) {
      return OptionalLong.empty();
    }
  }

  @Override
  public void close() {
    for (int i = children.size() - 1; i >= 0; i--) {
      children.get(i).close(); // the engine before its broker
    }
    if (workDir != null) {
      delete(workDir);
    }
  }

  private static void delete(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir, e);
    }
  }
}
