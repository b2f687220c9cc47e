package dev.meshlog.cli.faults;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.cli.Meshlog;
import dev.meshlog.cli.jobs.EngineCommand;
import dev.meshlog.cli.jobs.PipelineCommand;
import dev.meshlog.kafka.local.KafkaBroker;
import dev.meshlog.schemas.TopicSpec;
import dev.meshlog.schemas.Topics;
import dev.meshlog.schemas.deadletter.DeadLetter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Poison pills on every input of {@code meshlog engine} and {@code meshlog pipeline}, as the pods run them: each
 * garbage record lands on mesh.deadletter with its topic, partition, offset and original bytes, is counted in
 * meshlog_deadletter_records_total on the job's /metrics, and the jobs go on: a policy applied afterwards is accepted.
 */
@ExtendWith(KafkaBroker.class)
class PoisonPillJobsIT {

  private static final Duration PATIENCE = Duration.ofSeconds(120);
  // Four engine apps, the CA and the pipeline starting on a shared 2-core machine: minutes, not seconds.
  private static final Duration START_PATIENCE = Duration.ofSeconds(300);
  private static final Pattern SAMPLE = Pattern.compile("meshlog_deadletter_records_total\\{job=\"(\\w+)\",topic=\"([^\"]+)\"} (\\d+)");

  @TempDir
  Path dataDir;

  @Test
  void shouldDeadLetterCountAndSkipGarbageOnEveryEngineAndPipelineInput() throws Exception {
    String bootstrap = KafkaBroker.bootstrapServers();
    String prefix = KafkaBroker.uniqueName("poison") + ".";
    Topics topics = Topics.withPrefix(prefix);
    String[] mesh = {"--bootstrap", bootstrap, "--topic-prefix", prefix, "--data-dir", dataDir.toString()};
    Started<EngineCommand> engine = start("engine", concat(mesh, "--metrics-port", "0"));
    Started<PipelineCommand> pipeline = start("pipeline", concat(mesh, "--metrics-port", "0", "--state-dir",
        dataDir.resolve("pipeline-state").toString()));
    try {
      await().atMost(START_PATIENCE).until(() -> engine.command().isRunning() || engine.exit().isDone());
      assertTrue(engine.command().isRunning(), engine.err().toString());
      await().atMost(START_PATIENCE).until(() -> pipeline.command().isRunning() || pipeline.exit().isDone());
      assertTrue(pipeline.command().isRunning(), pipeline.err().toString());

      List<TopicSpec<?, ?>> engineInputs = List.of(topics.policyCommands(), topics.policyEvents(), topics.clusterEvents(),
          topics.caBundle(), topics.caRequests(), topics.proxySnapshots(), topics.proxyAcks());
      List<TopicSpec<?, ?>> pipelineInputs = List.of(topics.telemetryRequests(), topics.telemetryConnections());
      Map<String, RecordMetadata> poisoned = new LinkedHashMap<>();
      Map<String, byte[]> garbage = new LinkedHashMap<>();
      try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
          new ByteArraySerializer(), new ByteArraySerializer())) {
        for (TopicSpec<?, ?> input : concat(engineInputs, pipelineInputs)) {
          byte[] bytes = ("poison for " + input.name() + " \u0000\u00ff").getBytes(StandardCharsets.UTF_8);
          garbage.put(input.name(), bytes);
          poisoned.put(input.name(), producer.send(new ProducerRecord<>(input.name(), "poison".getBytes(StandardCharsets.UTF_8), bytes)).get());
        }
      }

      // The next good record is still processed: the sequencer accepts a command sent after its poison pill.
      CommandLine apply = Meshlog.commandLine();
      StringWriter applyOut = new StringWriter();
      apply.setOut(new PrintWriter(applyOut, true)).setErr(new PrintWriter(applyOut, true));
      int applied = apply.execute("apply", "-f", "../demo/reviews-90-10.yaml", "--wait", "90s", "--bootstrap", bootstrap,
          "--topic-prefix", prefix);
      assertEquals(0, applied, applyOut.toString());
      assertTrue(applyOut.toString().contains("VirtualService/default/reviews accepted"), applyOut.toString());

      Map<String, ConsumerRecord<byte[], byte[]>> letters = new LinkedHashMap<>();
      try (KafkaConsumer<byte[], byte[]> dead = deadLetterReader(bootstrap, topics)) {
        await().atMost(PATIENCE).untilAsserted(() -> {
          dead.poll(Duration.ofMillis(500)).forEach(r -> letters.putIfAbsent(DeadLetter.header(r.headers(), DeadLetter.HEADER_TOPIC).orElse(""), r));
          assertTrue(letters.keySet().containsAll(poisoned.keySet()), "dead letters for " + letters.keySet() + " of " + poisoned.keySet());
        });
      }
      poisoned.forEach((topic, at) -> {
        ConsumerRecord<byte[], byte[]> letter = letters.get(topic);
        assertArrayEquals(garbage.get(topic), letter.value(), "the original bytes of " + topic);
        assertEquals(String.valueOf(at.partition()), DeadLetter.header(letter.headers(), DeadLetter.HEADER_PARTITION).orElseThrow(), topic);
        assertEquals(String.valueOf(at.offset()), DeadLetter.header(letter.headers(), DeadLetter.HEADER_OFFSET).orElseThrow(), topic);
        assertTrue(DeadLetter.header(letter.headers(), DeadLetter.HEADER_EXCEPTION).isPresent(), topic);
      });

      await().atMost(PATIENCE).untilAsserted(() -> {
        Map<String, Long> engineCounts = counts(engine.command().metricsPort(), "engine");
        for (TopicSpec<?, ?> input : engineInputs) {
          assertTrue(engineCounts.getOrDefault(input.name(), 0L) >= 1, "engine counted " + input.name() + ": " + engineCounts);
        }
        Map<String, Long> pipelineCounts = counts(pipeline.command().metricsPort(), "pipeline");
        for (TopicSpec<?, ?> input : pipelineInputs) {
          assertEquals(1L, pipelineCounts.get(input.name()), "pipeline counted " + input.name() + ": " + pipelineCounts);
        }
      });
      assertTrue(engine.command().isRunning() && pipeline.command().isRunning(), "both jobs keep running");
    } finally {
      engine.command().stop();
      pipeline.command().stop();
    }
    assertEquals(0, engine.exit().get(60, TimeUnit.SECONDS), engine.err().toString());
    assertEquals(0, pipeline.exit().get(60, TimeUnit.SECONDS), pipeline.err().toString());
  }

  /** The job's samples of meshlog_deadletter_records_total, by topic, read from its /metrics. */
  private static Map<String, Long> counts(int port, String job) throws Exception {
    HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + port + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, metrics.statusCode(), metrics.body());
    Map<String, Long> byTopic = new LinkedHashMap<>();
    Matcher m = SAMPLE.matcher(metrics.body());
    while (m.find()) {
      if (m.group(1).equals(job)) {
        byTopic.put(m.group(2), Long.parseLong(m.group(3)));
      }
    }
    return byTopic;
  }

  private static KafkaConsumer<byte[], byte[]> deadLetterReader(String bootstrap, Topics topics) {
    KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.GROUP_ID_CONFIG, "poison-" + UUID.randomUUID(),
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    consumer.subscribe(List.of(topics.deadLetter().name()));
    return consumer;
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

  private static <T> List<T> concat(List<T> first, List<T> second) {
    List<T> all = new ArrayList<>(first);
    all.addAll(second);
    return all;
  }
}
