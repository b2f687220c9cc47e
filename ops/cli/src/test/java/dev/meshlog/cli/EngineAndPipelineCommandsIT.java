package dev.meshlog.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.cli.jobs.EngineCommand;
import dev.meshlog.cli.jobs.PipelineCommand;
import dev.meshlog.kafka.local.KafkaBroker;
import dev.meshlog.schemas.TopicSpec;
import dev.meshlog.schemas.Topics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code meshlog engine} and {@code meshlog pipeline} as the Kubernetes pods run them, in-process against the test
 * broker: they create the missing topics, reach RUNNING, a policy applied with the CLI is accepted, /metrics answers,
 * and a failed Streams client ends each command with exit code 1 and the app's name.
 */
@ExtendWith(KafkaBroker.class)
class EngineAndPipelineCommandsIT {

  @TempDir
  Path dataDir;

  @Test
  void shouldRunEngineAndPipelineAloneAcceptAnAppliedPolicyAndExitWithStatus1WhenTheirStreamsClientsFail() throws Exception {
    String bootstrap = KafkaBroker.bootstrapServers();
    String prefix = KafkaBroker.uniqueName("jobs") + ".";
    String[] mesh = {"--bootstrap", bootstrap, "--topic-prefix", prefix, "--data-dir", dataDir.toString()};

    Started<EngineCommand> engine = start("engine", concat(mesh, "--metrics-port", "0"));
    Started<PipelineCommand> pipeline = start("pipeline", concat(mesh, "--metrics-port", "0", "--state-dir",
        dataDir.resolve("pipeline-state").toString()));
    try {
      await().atMost(Duration.ofSeconds(120)).until(() -> engine.command().isRunning() || engine.exit().isDone());
      assertTrue(engine.command().isRunning(), engine.err.toString());
      await().atMost(Duration.ofSeconds(120)).until(() -> pipeline.command().isRunning() || pipeline.exit().isDone());
      assertTrue(pipeline.command().isRunning(), pipeline.err.toString());

      try (Admin admin = Admin.create(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
        Set<String> existing = admin.listTopics().names().get();
        for (TopicSpec<?, ?> topic : Topics.withPrefix(prefix).all()) {
          assertTrue(existing.contains(topic.name()), "the engine created " + topic.name());
        }
      }
      assertTrue(Files.isRegularFile(dataDir.resolve("ca").resolve("root-cert.pem")), "the mesh CA was created in <data-dir>/ca");
      assertTrue(Files.isDirectory(dataDir.resolve("pipeline-state")), "the pipeline keeps its state in --state-dir");

      CliRun apply = CliRun.of("apply", "-f", "../demo/reviews-90-10.yaml", "--wait", "60s", "--bootstrap", bootstrap,
          "--topic-prefix", prefix);
      assertEquals(0, apply.exitCode(), apply.toString());
      assertTrue(apply.out().contains("VirtualService/default/reviews accepted"), apply.out());

      HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + pipeline.command().metricsPort() + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, metrics.statusCode(), metrics.body());
      assertTrue(metrics.body().contains("# TYPE meshlog_deadletter_records_total counter"), metrics.body());
      HttpResponse<String> engineMetrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + engine.command().metricsPort() + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, engineMetrics.statusCode(), engineMetrics.body());
      assertTrue(engineMetrics.body().contains("# TYPE meshlog_deadletter_records_total counter"), engineMetrics.body());
      assertTrue(engine.out.toString().contains("meshlog engine running"), engine.out.toString());

      // A job whose Streams client fails (here: an operator deletes its input topic) must not stay up looking alive:
      // the command exits with status 1 naming the app, so that Kubernetes restarts the pod. (A stop, SIGTERM, ends
      // both with 0: PoisonPillJobsIT.)
      try (Admin admin = Admin.create(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
        Topics topics = Topics.withPrefix(prefix);
        admin.deleteTopics(List.of(topics.telemetryRequests().name(), topics.policyCommands().name())).all().get();
      }
      assertEquals(1, pipeline.exit().get(120, TimeUnit.SECONDS), pipeline.err.toString());
      assertTrue(pipeline.err.toString().contains("meshlog pipeline: Kafka Streams app " + prefix + "meshlog-telemetry failed: "),
          pipeline.err.toString());
      assertTrue(pipeline.err.toString().contains("exiting with status 1"), pipeline.err.toString());
      assertEquals(1, engine.exit().get(120, TimeUnit.SECONDS), engine.err.toString());
      assertTrue(engine.err.toString().contains("meshlog engine: Kafka Streams app "), engine.err.toString());
      assertTrue(engine.err.toString().contains("-sequencer failed"), engine.err.toString()); // the app reading the commands
      assertFalse(engine.command().isRunning());
      assertFalse(pipeline.command().isRunning());
    } finally {
      engine.command().stop();
      pipeline.command().stop();
    }
  }

  @Test
  void shouldRefuseABadPartitionCountNamingTheOption() {
    CliRun run = CliRun.of("engine", "--partitions", "0", "--bootstrap", KafkaBroker.bootstrapServers(),
        "--data-dir", dataDir.toString());
    assertEquals(2, run.exitCode(), run.toString());
    assertTrue(run.err().contains("--partitions: must be at least 1"), run.err());
  }

  private record Started<C>(C command, CompletableFuture<Integer> exit, StringWriter out, StringWriter err) {}

  @SuppressWarnings("unchecked")
  private static <C> Started<C> start(String name, String... args) {
    CommandLine cli = Meshlog.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
    C command = (C) cli.getSubcommands().get(name).getCommand();
    CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cli.execute(concat(new String[] {name}, args)));
    return new Started<>(command, exit, out, err);
  }

  private static String[] concat(String[] first, String... rest) {
    String[] all = java.util.Arrays.copyOf(first, first.length + rest.length);
    System.arraycopy(rest, 0, all, first.length, rest.length);
    return all;
  }
}
