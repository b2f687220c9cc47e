package dev.meshlog.kafka.local;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What every in-process one-node KRaft broker shares, plain or secure. */
public final class SingleNode {

  private static final Logger log = LoggerFactory.getLogger(SingleNode.class);

  private SingleNode() {}

  /** The broker settings of one combined broker+controller node that are not about listeners or security. */
  public static void putStorageAndSizing(Map<String, String> p, Path dataDir) {
    p.put("process.roles", "broker,controller");
    p.put("node.id", "1");
    p.put("log.dirs", dataDir.resolve("log").toString());
    p.put("num.partitions", "1");
    p.put("default.replication.factor", "1");
    p.put("min.insync.replicas", "1");
    // One node: internal topics must not ask for three replicas (see EmbeddedKafka).
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "1");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("transaction.state.log.num.partitions", "1");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    // Topics are created by code with explicit configs; an auto-created one would hide a typo.
    p.put("auto.create.topics.enable", "false");
    // The default 128 MiB dedupe buffer is allocated up front; 8 MiB saves ~100 MB of RSS.
    p.put("log.cleaner.dedupe.buffer.size", "8388608");
  }

  /** Blocks until {@code admin} sees a broker node, or fails after {@code timeout}. */
  public static void awaitReady(Admin admin, String bootstrapServers, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      while (true) {
        try {
          if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
            return;
          }
        } catch (ExecutionException | TimeoutException e) {
          log.debug("broker at {} not ready yet: {}", bootstrapServers, e.toString());
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("broker at " + bootstrapServers + " not ready after " + timeout);
        }
        TimeUnit.MILLISECONDS.sleep(50);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the broker at " + bootstrapServers, e);
    }
  }

  /** Stops {@code server} and, for a temporary broker, deletes its data. */
  public static void shutdown(KafkaRaftServer server, Path dataDir, boolean deleteData) {
    server.shutdown();
    server.awaitShutdown();
    if (deleteData) {
      try (Stream<Path> files = Files.walk(dataDir)) {
        files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      } catch (IOException e) {
        log.warn("could not delete {}", dataDir, e);
      }
    }
  }

  /** A port free on loopback right now. */
  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
