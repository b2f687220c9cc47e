package dev.meshlog.kafka.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node KRaft Kafka broker (combined broker and controller) running in this JVM,
 * built from Apache Kafka's own classes. The data directory is formatted once and reused, so a
 * second start sees everything the first one wrote.
 *
 * <p>The broker settings for a single node are not optional: without replication factor 1 for
 * the offsets and transaction-state topics, consumer groups never get a coordinator and
 * exactly-once producers time out in {@code InitProducerId}.
 */
public final class EmbeddedKafka implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);

  private final Path dataDir;
  private final boolean deleteOnClose;
  private final KafkaRaftServer server;
  private final String bootstrapServers;

  private EmbeddedKafka(Path dataDir, int brokerPort, int controllerPort, boolean deleteOnClose, Map<String, String> overrides)
      throws IOException {
    this.dataDir = dataDir;
    this.deleteOnClose = deleteOnClose;
    Files.createDirectories(dataDir);
    Properties props = brokerProperties(dataDir, brokerPort, controllerPort);
    props.putAll(overrides);
    formatOnce(dataDir, props);
    this.server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
    this.bootstrapServers = "127.0.0.1:" + brokerPort;
    server.startup();
    awaitReady(Duration.ofSeconds(90));
  }

  /** A broker on the given port (0 picks a free one) keeping its data in {@code dataDir}. */
  public static EmbeddedKafka start(Path dataDir, int brokerPort) throws IOException {
    return start(dataDir, brokerPort, Map.of());
  }

  public static EmbeddedKafka start(Path dataDir, int brokerPort, Map<String, String> overrides) throws IOException {
    int port = brokerPort == 0 ? freePort() : brokerPort;
    return new EmbeddedKafka(dataDir, port, freePort(), false, overrides);
  }

  /** A throw-away broker for tests: free ports, data deleted on close. */
  public static EmbeddedKafka startTemporary() throws IOException {
    return new EmbeddedKafka(Files.createTempDirectory("meshlog-kafka"), freePort(), freePort(), true, Map.of());
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  public Path dataDir() {
    return dataDir;
  }

  @Override
  public void close() {
    SingleNode.shutdown(server, dataDir, deleteOnClose);
  }

  private static Properties brokerProperties(Path dataDir, int brokerPort, int controllerPort) {
    Map<String, String> p = new HashMap<>();
    SingleNode.putStorageAndSizing(p, dataDir);
    p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    p.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
    Properties props = new Properties();
    props.putAll(p);
    return props;
  }

  private static void formatOnce(Path dataDir, Properties props) throws IOException {
    if (Files.exists(dataDir.resolve("log").resolve("meta.properties"))) {
      return;
    }
    Path propsFile = dataDir.resolve("server.properties");
    try (var out = Files.newBufferedWriter(propsFile)) {
      props.store(out, "meshlog embedded broker");
    }
    var output = new ByteArrayOutputStream();
    int rc = StorageTool.execute(
        new String[] {"format", "-t", Uuid.randomUuid().toString(), "-c", propsFile.toString(), "--ignore-formatted"},
        new PrintStream(output, true, StandardCharsets.UTF_8));
    if (rc != 0) {
      throw new IllegalStateException("formatting " + dataDir + " failed (rc=" + rc + "): " + output);
    }
  }

  private void awaitReady(Duration timeout) {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      SingleNode.awaitReady(admin, bootstrapServers, timeout);
    }
  }

  static int freePort() throws IOException {
    return SingleNode.freePort();
  }
}
