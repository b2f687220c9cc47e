package dev.meshlog.kafka.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.utils.Time;

/**
 * One combined broker+controller node of an {@link EmbeddedKafkaCluster}. Its ports and data directory are fixed
 * at creation, so a stopped node comes back as the same broker: same address, same replicas on disk.
 */
final class ClusterNode {

  private final int id;
  private final int brokerPort;
  private final Path dataDir;
  private final Properties props;
  private volatile KafkaRaftServer server;

  ClusterNode(int id, int brokerPort, Path dataDir, String quorumVoters) {
    this.id = id;
    this.brokerPort = brokerPort;
    this.dataDir = dataDir;
    this.props = properties(id, brokerPort, controllerPort(quorumVoters, id), dataDir, quorumVoters);
  }

  int id() {
    return id;
  }

  String address() {
    return "127.0.0.1:" + brokerPort;
  }

  boolean running() {
    return server != null;
  }

  /** Formats the directory on first use, then starts; blocks until the broker is unfenced, which needs a quorum. */
  void start(String clusterId) throws IOException {
    if (server != null) {
      throw new IllegalStateException("node " + id + " is already running");
    }
    formatOnce(clusterId);
    KafkaRaftServer starting = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
    starting.startup();
    server = starting;
  }

  /** A clean stop: controlled shutdown moves this node's leaderships away first; the data stays on disk. */
  void stop() {
    KafkaRaftServer running = server;
    if (running == null) {
      return;
    }
    server = null;
    running.shutdown();
    running.awaitShutdown();
  }

  /** The node's broker and controller settings (package-private for {@code ClusterNodeTest}). */
  static Properties properties(int id, int brokerPort, int controllerPort, Path dataDir, String quorumVoters) {
    Map<String, String> p = new HashMap<>();
    SingleNode.putStorageAndSizing(p, dataDir);
    p.put("node.id", Integer.toString(id));
    p.put("controller.quorum.voters", quorumVoters);
    p.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
    // What a production cluster uses, so that losing one node of three loses nothing committed.
    p.put("default.replication.factor", "3");
    p.put("min.insync.replicas", "2");
    p.put("offsets.topic.replication.factor", "3");
    p.put("transaction.state.log.replication.factor", "3");
    p.put("transaction.state.log.min.isr", "2");
    p.put("share.coordinator.state.topic.replication.factor", "3");
    p.put("share.coordinator.state.topic.min.isr", "2");
    // Three nodes share two CI cores and one heap: few partitions for the internal topics, few threads per node
    // (the defaults, 50 partitions x 3 replicas and 8 I/O threads per node, triple start-up time and memory).
    p.put("offsets.topic.num.partitions", "3");
    p.put("transaction.state.log.num.partitions", "3");
    p.put("share.coordinator.state.topic.num.partitions", "1");
    p.put("num.io.threads", "2");
    p.put("num.network.threads", "2");
    p.put("num.replica.fetchers", "1");
    p.put("num.recovery.threads.per.data.dir", "1");
    p.put("background.threads", "2");
    p.put("log.cleaner.threads", "1");
    // A broker is unfenced at start, and let go at a clean stop, on controller heartbeats: every 2 s by default.
    // The controller refuses a restarted node's registration (DUPLICATE_BROKER_REGISTRATION) until the stopped
    // incarnation's session expires: 9 s by default, 7.3 s of an 8.7 s restart measured here. 6 s is still 6 missed
    // heartbeats, so a loaded 2-core CI machine does not fence live brokers.
    // The interval is also each heartbeat's deadline in the controller's queue, and a controlled shutdown moves on
    // heartbeats only (the stopping broker's, every 50 ms, and the others' metadata offsets): at 500 ms a loaded
    // machine expired them ("controller event queue overloaded. Timed out heartbeat") and one stop took 23 s, another 40 s.
    p.put("broker.heartbeat.interval.ms", "1000");
    p.put("broker.session.timeout.ms", "6000");
    // Followers fetch often so a restarted node rejoins the ISR within a second or two.
    p.put("replica.fetch.wait.max.ms", "100");
    Properties props = new Properties();
    props.putAll(p);
    return props;
  }

  private static int controllerPort(String quorumVoters, int id) {
    for (String voter : quorumVoters.split(",")) {
      if (voter.startsWith(id + "@")) {
        return Integer.parseInt(voter.substring(voter.lastIndexOf(':') + 1));
      }
    }
    throw new IllegalArgumentException("node " + id + " is not among the voters " + quorumVoters);
  }

  private void formatOnce(String clusterId) throws IOException {
    if (Files.exists(dataDir.resolve("log").resolve("meta.properties"))) {
      return;
    }
    Files.createDirectories(dataDir);
    Path propsFile = dataDir.resolve("server.properties");
    try (var out = Files.newBufferedWriter(propsFile)) {
      props.store(out, "meshlog embedded cluster node " + id);
    }
    var output = new ByteArrayOutputStream();
    int rc = StorageTool.execute(
        new String[] {"format", "-t", clusterId, "-c", propsFile.toString(), "--ignore-formatted"},
        new PrintStream(output, true, StandardCharsets.UTF_8));
    if (rc != 0) {
      throw new IllegalStateException("formatting node " + id + " in " + dataDir + " failed (rc=" + rc + "): " + output);
    }
  }
}
