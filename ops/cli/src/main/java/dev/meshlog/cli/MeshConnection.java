package dev.meshlog.cli;

import dev.meshlog.schemas.KafkaClientSettings;
import dev.meshlog.schemas.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.AuthenticationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/**
 * How a command finds the mesh: {@code --bootstrap}, else {@code $MESHLOG_BOOTSTRAP}, else the
 * address a running {@code meshlog up} wrote into its data directory, else the embedded default; and how it logs in:
 * {@code --kafka-config FILE}, else {@code $MESHLOG_KAFKA_CONFIG}, else no login (see {@link #kafkaClient()}).
 */
public final class MeshConnection {

  public static final int DEFAULT_PORT = 9192;
  /**
   * How long a long-running job (engine, pipeline, ingest, proxy) waits for Kafka at start: jobs and brokers start in
   * any order on a cluster, and a job that gave up after one try would need its supervisor to restart it.
   */
  public static final Duration JOB_PATIENCE = Duration.ofMinutes(5);
  private static final Logger log = LoggerFactory.getLogger(MeshConnection.class);
  static final String BOOTSTRAP_FILE = "bootstrap";

  @Option(names = "--bootstrap", paramLabel = "HOST:PORT", description = "Kafka bootstrap servers of the mesh.")
  String bootstrap;

  @Option(names = "--kafka-config", paramLabel = "FILE",
      description = "Kafka client properties (security.protocol, sasl.*, ssl.*), as the Kafka tools' --command-config; "
          + "default: $MESHLOG_KAFKA_CONFIG, else none.")
  Path kafkaConfig;

  private KafkaClientSettings kafkaClient;

  @Option(names = "--data-dir", paramLabel = "DIR", description = "Meshlog's data directory (default: $MESHLOG_HOME or ~/.meshlog).")
  Path dataDir;

  @Option(names = "--topic-prefix", paramLabel = "PREFIX", defaultValue = "", hidden = true,
      description = "Prefix of every topic name, to run a second mesh on one cluster.")
  String topicPrefix;

  public Path dataDir() {
    if (dataDir != null) {
      return dataDir;
    }
    String home = System.getenv("MESHLOG_HOME");
    return home != null && !home.isBlank() ? Path.of(home) : Path.of(System.getProperty("user.home"), ".meshlog");
  }

  public String bootstrap() {
    if (bootstrap != null && !bootstrap.isBlank()) {
      return bootstrap;
    }
    String env = System.getenv("MESHLOG_BOOTSTRAP");
    if (env != null && !env.isBlank()) {
      return env;
    }
    Path file = dataDir().resolve(BOOTSTRAP_FILE);
    try {
      if (Files.isRegularFile(file)) {
        return Files.readString(file).trim();
      }
    } catch (IOException e) {
      // unreadable: fall through to the default address
    }
    return "127.0.0.1:" + DEFAULT_PORT;
  }

  /**
   * The settings every Kafka client of this command is created with: read once from {@code --kafka-config} or
   * {@code $MESHLOG_KAFKA_CONFIG}; {@link KafkaClientSettings#NONE} when neither is given.
   *
   * @throws IllegalArgumentException naming the file, the key and the reason when the file is missing or not allowed
   */
  public KafkaClientSettings kafkaClient() {
    if (kafkaClient == null) {
      String env = System.getenv("MESHLOG_KAFKA_CONFIG");
      Path file = kafkaConfig != null ? kafkaConfig : env != null && !env.isBlank() ? Path.of(env) : null;
      kafkaClient = file == null ? KafkaClientSettings.NONE : KafkaClientSettings.load(file);
    }
    return kafkaClient;
  }

  /**
   * The bootstrap address, checked: a command against a mesh that is not running fails in seconds
   * with a hint, instead of blocking on Kafka's one-minute client timeouts.
   */
  public String reachableBootstrap() {
    String address = bootstrap();
    KafkaClientSettings client = kafkaClient();
    try (Admin admin = Admin.create(client.over(Map.of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, address,
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000)))) {
      admin.describeCluster().nodes().get(6, TimeUnit.SECONDS);
      return address;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reaching Kafka at " + address, e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof AuthenticationException refused) {
        throw new LoginRefused(address, client, refused);
      }
      throw new IllegalStateException("cannot reach Kafka at " + address
          + " (is `meshlog up` running? otherwise pass --bootstrap or set MESHLOG_BOOTSTRAP)", e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("cannot reach Kafka at " + address
          + " (is `meshlog up` running? otherwise pass --bootstrap or set MESHLOG_BOOTSTRAP)", e);
    }
  }

  /**
   * The bootstrap address once Kafka answers there, for a long-running job: it tries again every few seconds for up to
   * {@code patience}, saying once that it waits, and then fails as {@link #reachableBootstrap()} does.
   */
  public String awaitReachableBootstrap(Duration patience) throws InterruptedException {
    long deadline = System.nanoTime() + patience.toNanos();
    boolean said = false;
    while (true) {
      try {
        return reachableBootstrap();
      } catch (IllegalStateException e) {
        // a wrong password or certificate stays wrong: waiting would only hide it for the whole patience
        if (e instanceof LoginRefused || Thread.currentThread().isInterrupted() || System.nanoTime() - deadline >= 0) {
          throw e;
        }
        if (!said) {
          log.warn("waiting up to {} for Kafka at {}: {}", patience, bootstrap(), e.getCause() == null ? e : e.getCause().toString());
          said = true;
        }
        Thread.sleep(1_000);
      }
    }
  }

  /** Kafka answered but refused this command's login (SASL or TLS): not worth waiting for, the settings are wrong. */
  public static final class LoginRefused extends IllegalStateException {
    LoginRefused(String address, KafkaClientSettings client, AuthenticationException cause) {
      super("Kafka at " + address + " refused the login (" + cause.getClass().getSimpleName() + ": " + cause.getMessage() + ")"
          + (client.isEmpty() ? "; the cluster needs credentials: pass --kafka-config FILE or set MESHLOG_KAFKA_CONFIG"
              : "; check the credentials in --kafka-config / $MESHLOG_KAFKA_CONFIG"), cause);
    }
  }

  /** The topic prefix ("" for the production names); long-running jobs prefix their application ids with it too. */
  public String topicPrefix() {
    return topicPrefix;
  }

  public Topics topics() {
    return topicPrefix.isEmpty() ? Topics.DEFAULT : Topics.withPrefix(topicPrefix);
  }
}
