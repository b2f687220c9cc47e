package dev.meshlog.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.cli.demo.DemoBackend;
import dev.meshlog.cli.jobs.EngineCommand;
import dev.meshlog.kafka.local.KafkaBroker;
import dev.meshlog.kafka.local.secure.MeshAcls;
import dev.meshlog.kafka.local.secure.MeshPrincipals;
import dev.meshlog.kafka.local.secure.ScramClient;
import dev.meshlog.kafka.local.secure.ScramUser;
import dev.meshlog.kafka.local.secure.SecureEmbeddedKafka;
import dev.meshlog.schemas.Topics;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Every job on a secured cluster, each with its own login from a {@code --kafka-config} file: the broker of the secure
 * profile (SCRAM, deny by default, {@link MeshAcls} as the only grants) runs {@code meshlog engine}, two
 * {@code meshlog proxy} (a backend and a client, self-registering), {@code meshlog apply} and {@code meshlog proxy-status}
 * as the engine, proxy and CLI users; a request through the client sidecar reaches the backend. A wrong password fails
 * the command at once, naming the refused login.
 */
class SecureClusterCommandsIT {

  private static final MeshPrincipals NAMES = MeshPrincipals.defaults();
  private static final ScramUser ENGINE = ScramUser.withRandomPassword(NAMES.engine());
  private static final ScramUser CLI = ScramUser.withRandomPassword(NAMES.cli());
  private static final ScramUser REVIEWS = ScramUser.withRandomPassword(NAMES.proxy("reviews-v1"));
  private static final ScramUser CLIENT = ScramUser.withRandomPassword(NAMES.proxy("client"));

  private static SecureEmbeddedKafka broker;

  @TempDir
  Path dir;

  @BeforeAll
  static void startBroker() throws Exception {
    broker = SecureEmbeddedKafka.startTemporary();
    broker.createUsers(List.of(ENGINE, CLI, REVIEWS, CLIENT));
  }

  @AfterAll
  static void stopBroker() {
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void shouldRunEngineProxiesApplyAndProxyStatusEachWithItsOwnLogin() throws Exception {
    String prefix = KafkaBroker.uniqueName("secure-cli") + ".";
    Topics topics = Topics.withPrefix(prefix);
    // what the operator does once as the admin: topics, and each job's ACLs (the proxies may register themselves here)
    MeshAcls acls = new MeshAcls(topics, NAMES.withApplicationIds(prefix + "meshlog-engine", prefix + "meshlog-telemetry"));
    List<AclBinding> grants = new ArrayList<>();
    grants.addAll(acls.engine());
    grants.addAll(acls.cli());
    for (String proxy : List.of("reviews-v1", "client")) {
      grants.addAll(acls.proxy(proxy));
      grants.addAll(acls.proxySelfRegistration(proxy));
    }
    try (Admin admin = broker.superUserAdmin()) {
      admin.createTopics(topics.all().stream().map(t -> new NewTopic(t.name(), 1, (short) 1).configs(t.configs())).toList())
          .all().get(60, TimeUnit.SECONDS);
      admin.createAcls(grants).all().get(60, TimeUnit.SECONDS);
      await().atMost(Duration.ofSeconds(60)).until(
          () -> admin.describeAcls(AclBindingFilter.ANY).values().get(10, TimeUnit.SECONDS).containsAll(grants));
    }
    String[] mesh = {"--bootstrap", broker.bootstrapServers(), "--topic-prefix", prefix, "--data-dir", dir.toString()};

    Running engine = Running.start("engine", concat(mesh, "--kafka-config", properties("engine", ENGINE), "--metrics-port", "0"));
    List<Running> proxies = new ArrayList<>();
    try (DemoBackend backend = DemoBackend.start("reviews", "v1")) {
      EngineCommand engineCommand = (EngineCommand) engine.command;
      await().atMost(Duration.ofSeconds(120)).until(() -> engineCommand.isRunning() || !engine.thread.isAlive());
      assertTrue(engineCommand.isRunning(), engine.err.toString());

      int outbound = freePort();
      proxies.add(Running.start("proxy", concat(mesh, "--kafka-config", properties("reviews", REVIEWS), "--id", "reviews-v1",
          "--service", "reviews", "--label", "version=v1", "--inbound", "0:" + backend.port())));
      proxies.add(Running.start("proxy", concat(mesh, "--kafka-config", properties("client", CLIENT), "--id", "client",
          "--service", "client", "--outbound", String.valueOf(outbound))));
      String cliConfig = properties("cli", CLI);

      Path policy = dir.resolve("reviews.yaml");
      Files.writeString(policy, """
          apiVersion: networking.istio.io/v1
          kind: VirtualService
          metadata:
            name: reviews
            namespace: default
          spec:
            hosts:
            - reviews
            http:
            - route:
              - destination:
                  host: reviews
          """);
      CliRun apply = CliRun.of(concat(new String[] {"apply", "-f", policy.toString(), "--wait", "60s", "--kafka-config", cliConfig}, mesh));
      assertEquals(0, apply.exitCode(), apply.toString());
      assertTrue(apply.out().contains("VirtualService/default/reviews accepted"), apply.out());

      HttpClient http = HttpClient.newBuilder().proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", outbound)))
          .connectTimeout(Duration.ofSeconds(5)).build();
      HttpRequest request = HttpRequest.newBuilder(URI.create("http://reviews/")).timeout(Duration.ofSeconds(5)).build();
      await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(
          () -> http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode() == 200);

      await().atMost(Duration.ofSeconds(60)).until(() -> {
        CliRun status = CliRun.of(concat(new String[] {"proxy-status", "--kafka-config", cliConfig}, mesh));
        return status.exitCode() == 0 && status.out().lines().filter(l -> l.contains("SYNCED")).count() == 2;
      });
    } finally {
      proxies.forEach(Running::stop);
      ((EngineCommand) engine.command).stop();
      engine.thread.join(60_000);
    }
    assertFalse(engine.thread.isAlive(), "the engine stopped");
  }

  @Test
  void shouldFailAtOnceNamingTheRefusedLoginWhenThePasswordIsWrong() throws Exception {
    String wrong = properties("wrong", new ScramUser(CLI.name(), "not-the-password"));
    Path policy = dir.resolve("any.yaml");
    Files.writeString(policy, "apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: x\n  namespace: default\n"
        + "spec:\n  hosts:\n  - x\n  http:\n  - route:\n    - destination:\n        host: x\n");
    long start = System.nanoTime();
    CliRun apply = CliRun.of("apply", "-f", policy.toString(), "--bootstrap", broker.bootstrapServers(), "--kafka-config", wrong,
        "--data-dir", dir.toString());
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertNotEquals(0, apply.exitCode(), apply.toString());
    assertTrue(apply.err().contains("refused the login") && apply.err().contains("SaslAuthenticationException"), apply.err());
    assertFalse(apply.err().contains("not-the-password"), "the password is never printed: " + apply.err());
    assertTrue(took.compareTo(Duration.ofSeconds(20)) < 0, "failed after " + took);
  }

  /** The job's client properties file, as an operator writes it (ScramClient's settings). */
  private String properties(String job, ScramUser user) throws IOException {
    Properties p = new Properties();
    ScramClient.properties(user).forEach((k, v) -> p.setProperty(k, String.valueOf(v)));
    Path file = dir.resolve(job + ".properties");
    try (Writer out = Files.newBufferedWriter(file)) {
      p.store(out, job + " login");
    }
    return file.toString();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static String[] concat(String[] first, String... rest) {
    String[] all = java.util.Arrays.copyOf(first, first.length + rest.length);
    System.arraycopy(rest, 0, all, first.length, rest.length);
    return all;
  }

  /** A long-running command on its own thread; an interrupt stops a proxy, {@code stop()} the engine. */
  private record Running(Object command, Thread thread, StringWriter out, StringWriter err) {

    static Running start(String name, String... args) {
      CommandLine cli = Meshlog.commandLine();
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      cli.setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
      String[] all = new String[args.length + 1];
      all[0] = name;
      System.arraycopy(args, 0, all, 1, args.length);
      Thread thread = new Thread(() -> cli.execute(all), "it-" + name);
      thread.setDaemon(true);
      thread.start();
      return new Running(cli.getSubcommands().get(name).getCommand(), thread, out, err);
    }

    void stop() {
      thread.interrupt();
      try {
        thread.join(30_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
