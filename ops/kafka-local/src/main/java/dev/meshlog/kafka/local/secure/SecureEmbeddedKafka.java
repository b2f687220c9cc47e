package dev.meshlog.kafka.local.secure;

import dev.meshlog.kafka.local.SingleNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
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
 * The secure profile of the embedded single-node KRaft broker: clients reach it only through a
 * {@code SASL_PLAINTEXT} listener with SCRAM-SHA-512, and every request is checked by the
 * {@code StandardAuthorizer} with {@code allow.everyone.if.no.acl.found=false}, so a principal can do
 * exactly what its ACLs ({@link MeshAcls}) allow. The plain {@code EmbeddedKafka} stays the default for
 * every other test.
 *
 * <p>The super user's credential is written into the metadata log when the data directory is
 * formatted ({@code StorageTool format --add-scram}): SCRAM credentials live in KRaft metadata, so
 * the first one cannot come through the Admin API, which already needs a login. The broker uses the
 * same user on its own listener (the transaction coordinator sends markers to itself through it).
 * Every other user is created through the Admin API with {@link #createUsers}.
 *
 * <p>The controller listener stays PLAINTEXT on loopback; its principal is {@code User:ANONYMOUS},
 * which must therefore be a super user for the broker to register with its own controller. That is
 * acceptable for a broker bound to 127.0.0.1 in a test; docs/security.md says how a real cluster
 * secures the controller listener instead.
 */
public final class SecureEmbeddedKafka implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SecureEmbeddedKafka.class);
  /** The broker's own and the operator's principal; a super user, so ACLs never lock it out. */
  public static final String SUPER_USER_NAME = "meshlog-admin";

  private final Path dataDir;
  private final boolean deleteOnClose;
  private final ScramUser superUser;
  private final String bootstrapServers;
  private final KafkaRaftServer server;

  private SecureEmbeddedKafka(Path dataDir, int brokerPort, int controllerPort, ScramUser superUser, boolean deleteOnClose)
      throws IOException {
    this.dataDir = dataDir;
    this.deleteOnClose = deleteOnClose;
    this.superUser = superUser;
    this.bootstrapServers = "127.0.0.1:" + brokerPort;
    Files.createDirectories(dataDir);
    Properties props = SecureBrokerConfig.properties(dataDir, brokerPort, controllerPort, superUser);
    formatOnce(dataDir, props, superUser);
    this.server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
    server.startup();
    awaitReady(Duration.ofSeconds(90));
    log.info("secure broker ready on SASL_PLAINTEXT://{} (super user {})", bootstrapServers, superUser.name());
  }

  /** A throw-away secure broker for tests: free ports, a random super-user password, data deleted on close. */
  public static SecureEmbeddedKafka startTemporary() throws IOException {
    return new SecureEmbeddedKafka(Files.createTempDirectory("meshlog-kafka-secure"), SingleNode.freePort(), SingleNode.freePort(),
        ScramUser.withRandomPassword(SUPER_USER_NAME), true);
  }

  /**
   * A secure broker keeping its data in {@code dataDir}. The super user is bootstrapped only when the
   * directory is formatted, so a restart must pass the same {@code superUser}.
   */
  public static SecureEmbeddedKafka start(Path dataDir, int brokerPort, ScramUser superUser) throws IOException {
    return new SecureEmbeddedKafka(dataDir, brokerPort == 0 ? SingleNode.freePort() : brokerPort, SingleNode.freePort(), superUser, false);
  }

  /** The SASL_PLAINTEXT listener, {@code 127.0.0.1:<port>}. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  public ScramUser superUser() {
    return superUser;
  }

  /** Client settings (bootstrap and SCRAM login) for {@code user}; add serializers or Streams settings to them. */
  public Map<String, Object> clientProperties(ScramUser user) {
    Map<String, Object> config = new HashMap<>(ScramClient.properties(user));
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    return config;
  }

  /** An admin client logged in as the super user. */
  public Admin superUserAdmin() {
    return Admin.create(clientProperties(superUser));
  }

  /** Creates (or replaces) SCRAM credentials for {@code users} as the super user, and waits until they can log in. */
  public void createUsers(Collection<ScramUser> users) {
    try (Admin admin = superUserAdmin()) {
      ScramUsers.upsert(admin, users, Duration.ofSeconds(60));
    }
  }

  @Override
  public void close() {
    SingleNode.shutdown(server, dataDir, deleteOnClose);
  }

  private static void formatOnce(Path dataDir, Properties props, ScramUser superUser) throws IOException {
    if (Files.exists(dataDir.resolve("log").resolve("meta.properties"))) {
      return;
    }
    Path propsFile = dataDir.resolve("server.properties");
    Properties withoutSecrets = new Properties();
    withoutSecrets.putAll(props);
    // The file is only read by the formatter, which needs no login; keep the password out of it.
    withoutSecrets.keySet().removeIf(k -> k.toString().endsWith("sasl.jaas.config"));
    try (var out = Files.newBufferedWriter(propsFile)) {
      withoutSecrets.store(out, "meshlog embedded secure broker");
    }
    String scram = ScramClient.MECHANISM + "=[name=" + superUser.name() + ",password=" + superUser.password() + "]";
    var output = new ByteArrayOutputStream();
    int rc = StorageTool.execute(
        new String[] {"format", "-t", Uuid.randomUuid().toString(), "-c", propsFile.toString(), "--ignore-formatted",
            "--add-scram", scram},
        new PrintStream(output, true, StandardCharsets.UTF_8));
    if (rc != 0) {
      throw new IllegalStateException("formatting " + dataDir + " failed (rc=" + rc + "): " + output);
    }
  }

  private void awaitReady(Duration timeout) {
    try (Admin admin = superUserAdmin()) {
      SingleNode.awaitReady(admin, bootstrapServers, timeout);
    }
  }
}
