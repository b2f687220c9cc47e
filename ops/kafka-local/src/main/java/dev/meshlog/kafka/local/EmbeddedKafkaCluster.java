package dev.meshlog.kafka.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real multi-node KRaft cluster in this JVM, from Apache Kafka's own classes: every node is broker and controller
 * (a quorum of N voters), on loopback ports fixed for the cluster's life, internal topics with 3 replicas and
 * min.insync 2 (as in production), data in a temporary directory deleted on {@link #close}. Stopping one node of
 * three leaves a controller majority and two in-sync replicas of everything, so the cluster keeps serving.
 *
 * <pre>{@code
 * try (EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.start(3)) {
 *   ... cluster.bootstrapServers() ...
 *   cluster.stop(2);      // clean stop; node 2's port and data are kept
 *   cluster.restart(2);   // same port and directory; returns once it is back in every ISR
 * }
 * }</pre>
 */
public final class EmbeddedKafkaCluster implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaCluster.class);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

  private final Path dataDir;
  private final String clusterId = Uuid.randomUuid().toString();
  private final List<ClusterNode> nodes;

  private EmbeddedKafkaCluster(Path dataDir, int size) throws IOException {
    this.dataDir = dataDir;
    List<Integer> ports = distinctFreePorts(2 * size);
    String voters = IntStream.rangeClosed(1, size)
        .mapToObj(id -> id + "@127.0.0.1:" + ports.get(size + id - 1))
        .collect(Collectors.joining(","));
    List<ClusterNode> created = new ArrayList<>();
    for (int id = 1; id <= size; id++) {
      created.add(new ClusterNode(id, ports.get(id - 1), dataDir.resolve("node-" + id), voters));
    }
    this.nodes = List.copyOf(created);
  }

  /** Starts {@code size} nodes, ids 1..size, and returns once every broker is registered and unfenced. */
  public static EmbeddedKafkaCluster start(int size) throws IOException {
    if (size < 1) {
      throw new IllegalArgumentException("a cluster needs at least one node, got " + size);
    }
    long started = System.nanoTime();
    EmbeddedKafkaCluster cluster = new EmbeddedKafkaCluster(Files.createTempDirectory("meshlog-kafka-cluster"), size);
    try {
      // In parallel: a node's broker waits for a controller quorum, i.e. for a majority of the other nodes.
      cluster.onEachNode(cluster.nodes, node -> node.start(cluster.clusterId), START_TIMEOUT);
      cluster.awaitBrokers(size, START_TIMEOUT);
    } catch (RuntimeException | Error e) {
      cluster.close();
      throw e;
    }
    log.info("Kafka cluster of {} nodes at {} ready in {} ms", size, cluster.bootstrapServers(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    return cluster;
  }

  /** Every node's address: clients find whichever nodes are running. */
  public String bootstrapServers() {
    return nodes.stream().map(ClusterNode::address).collect(Collectors.joining(","));
  }

  /** The node ids, 1..size. */
  public List<Integer> nodeIds() {
    return nodes.stream().map(ClusterNode::id).toList();
  }

  public boolean isRunning(int nodeId) {
    return node(nodeId).running();
  }

  /** Cleanly stops one node (controlled shutdown); its port and data are kept for {@link #restart}. */
  public void stop(int nodeId) {
    log.info("stopping Kafka node {}", nodeId);
    node(nodeId).stop();
  }

  /**
   * Starts a stopped node again on its port and data directory, and returns once it is back in the ISR of every
   * partition it holds, so the cluster can lose another node right after.
   */
  public void restart(int nodeId) {
    ClusterNode node = node(nodeId);
    log.info("restarting Kafka node {}", nodeId);
    onEachNode(List.of(node), n -> n.start(clusterId), START_TIMEOUT);
    awaitFullyReplicated(START_TIMEOUT);
  }

  /** The node id of the active controller (the KRaft quorum leader): the node whose loss forces a controller election. */
  public int activeController() {
    try (Admin admin = admin()) {
      return admin.describeMetadataQuorum().quorumInfo().get(60, TimeUnit.SECONDS).leaderId();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while asking for the active controller", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot find the active controller of " + bootstrapServers() + ": " + e, e);
    }
  }

  /** Blocks until every partition of every topic (internal ones included) has all its replicas in sync. */
  public void awaitFullyReplicated(Duration timeout) {
    try (Admin admin = admin()) {
      ReplicaSync.await(admin, timeout);
    }
  }

  /** An admin client on this cluster, for the caller to close. */
  public Admin admin() {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
  }

  @Override
  public void close() {
    // All at once: stopped one by one, the last nodes would wait for a controller quorum that is already gone.
    long started = System.nanoTime();
    try {
      onEachNode(nodes.stream().filter(ClusterNode::running).toList(), ClusterNode::stop, START_TIMEOUT);
      log.info("Kafka cluster stopped in {} ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    } finally {
      try (Stream<Path> files = Files.walk(dataDir)) {
        files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      } catch (IOException e) {
        log.warn("could not delete {}", dataDir, e);
      }
    }
  }

  private ClusterNode node(int nodeId) {
    return nodes.stream().filter(n -> n.id() == nodeId).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no node " + nodeId + " in this cluster; ids are " + nodeIds()));
  }

  private void awaitBrokers(int count, Duration timeout) {
    try (Admin admin = admin()) {
      SingleNode.awaitReady(admin, bootstrapServers(), timeout);
      ReplicaSync.awaitBrokers(admin, count, timeout);
    }
  }

  private interface NodeAction {
    void run(ClusterNode node) throws Exception;
  }

  private void onEachNode(List<ClusterNode> targets, NodeAction action, Duration timeout) {
    if (targets.isEmpty()) {
      return;
    }
    ExecutorService pool = Executors.newFixedThreadPool(targets.size(), r -> new Thread(r, "kafka-cluster-node"));
    try {
      List<Future<Void>> results = new ArrayList<>();
      for (ClusterNode node : targets) {
        Callable<Void> call = () -> {
          action.run(node);
          return null;
        };
        results.add(pool.submit(call));
      }
      long deadline = System.nanoTime() + timeout.toNanos();
      for (Future<Void> result : results) {
        result.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting or stopping Kafka nodes", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("Kafka node failed: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("Kafka nodes did not start or stop within " + timeout, e);
    } finally {
      pool.shutdownNow();
    }
  }

  private static List<Integer> distinctFreePorts(int count) throws IOException {
    Set<Integer> ports = new LinkedHashSet<>();
    while (ports.size() < count) {
      ports.add(SingleNode.freePort());
    }
    return List.copyOf(ports);
  }
}
