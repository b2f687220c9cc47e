package dev.meshlog.telemetry.load;

import dev.meshlog.avro.Reporter;
import dev.meshlog.avro.RequestTelemetry;
import dev.meshlog.kafka.local.EmbeddedKafka;
import dev.meshlog.schemas.TopicAdmin;
import dev.meshlog.schemas.Topics;
import dev.meshlog.telemetry.PipelineConfig;
import dev.meshlog.telemetry.TelemetryPipeline;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * End-to-end fold rate of the telemetry pipeline on a real broker: produces N request records
 * (realistic label sets: 40 edges x 4 codes, a third on named routes, log-normal durations) to
 * mesh.telemetry.requests first, then starts the pipeline (exactly-once v2) and measures from the
 * first to the last input offset committed by the application's consumer group. A commit covers
 * exactly the records whose aggregates are in the committed transaction, so this is the rate at which
 * requests become readable aggregates. Not a test: run by hand (docs/telemetry.md gives the command).
 *
 * <p>Arguments: {@code [records=1000000] [partitions=2] [threads=2] [bootstrap (else an embedded broker)]}.
 */
public final class FoldRateDriver {

  public static void main(String[] args) throws Exception {
    int records = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int partitions = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    int threads = args.length > 2 ? Integer.parseInt(args[2]) : 2;
    EmbeddedKafka broker = args.length > 3 ? null : EmbeddedKafka.startTemporary();
    String bootstrap = broker != null ? broker.bootstrapServers() : args[3];
    try {
      String run = "foldrate-" + System.currentTimeMillis();
      Topics topics = Topics.withPrefix(run + ".");
      TopicAdmin.ensureTopics(bootstrap, topics.all(), partitions, (short) 1);
      long t0 = System.nanoTime();
      produce(bootstrap, topics, records, partitions);
      System.out.printf(Locale.ROOT, "produced %,d records in %.1f s%n", records, (System.nanoTime() - t0) / 1e9);

      Path state = Files.createTempDirectory("foldrate-state");
      var config = PipelineConfig.defaults(bootstrap, topics, state).withApplicationId(run).withStreamThreads(threads);
      try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
           TelemetryPipeline pipeline = TelemetryPipeline.start(config)) {
        measure(admin, run, topics.telemetryRequests().name(), records);
      }
    } finally {
      if (broker != null) {
        broker.close();
      }
    }
  }

  private static void measure(Admin admin, String group, String topic, long records) throws Exception {
    long firstNanos = 0;
    long firstCommitted = 0;
    long firstCpu = 0;
    long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
    while (System.nanoTime() < deadline) {
      long committed = committed(admin, group, topic);
      long now = System.nanoTime();
      if (committed > 0 && firstNanos == 0) {
        firstNanos = now;
        firstCommitted = committed;
        firstCpu = processCpuNanos();
      }
      if (committed >= records) {
        double seconds = (now - firstNanos) / 1e9;
        System.out.printf(Locale.ROOT, "folded %,d records (after the first commit of %,d) in %.2f s: %,.0f records/s%n",
            committed - firstCommitted, firstCommitted, seconds, (committed - firstCommitted) / seconds);
        // Not the measure, a way to read it on a shared machine: the CPU this JVM (pipeline AND the
        // embedded broker) spent meanwhile, i.e. the rate one dedicated core would sustain.
        double cpuSeconds = (processCpuNanos() - firstCpu) / 1e9;
        System.out.printf(Locale.ROOT, "process CPU meanwhile %.1f s: %,.0f records per CPU-second%n",
            cpuSeconds, (committed - firstCommitted) / cpuSeconds);
        return;
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("not all records folded within 10 minutes");
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static long committed(Admin admin, String group, String topic) throws Exception {
    Map<TopicPartition, OffsetAndMetadata> offsets =
        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
    return offsets.entrySet().stream().filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
        .mapToLong(e -> e.getValue().offset()).sum();
  }

  private static void produce(String bootstrap, Topics topics, int records, int partitions) {
    var spec = topics.telemetryRequests();
    Map<String, Object> props = new HashMap<>();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    // One request in flight: on an overloaded machine the broker (4.4) rejected reordered first batches
    // with OutOfOrderSequenceException, the input lost records and the run waited out its 10 minutes.
    props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
    Random random = new Random(1);
    Instant start = Instant.now();
    List<String> codes = List.of("200", "200", "200", "503");
    var values = spec.valueSerde().serializer();
    try (var producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < records; i++) {
        int edge = random.nextInt(40);
        String proxy = "source-" + (edge % 8) + "-pod";
        RequestTelemetry t = RequestTelemetry.newBuilder()
            // 4 s of event time, within the 5 s grace: with a backlog, the input partitions' tasks run
            // ahead of each other, and a spread wider than the grace would make the later one's
            // records late in the shared repartition partition (dropped: not folded, not measured).
            .setTime(start.plusMillis(i * 4_000L / records))
            .setReporter(Reporter.SOURCE).setReporterProxy(proxy)
            .setSourceWorkload("source-" + (edge % 8)).setSourceNamespace("default")
            .setSourcePrincipal("spiffe://cluster.local/ns/default/sa/source-" + (edge % 8))
            .setSourceApp("source-" + (edge % 8)).setSourceVersion("v1")
            .setDestinationService("svc-" + edge + ".default.svc.cluster.local")
            .setDestinationServiceName("svc-" + edge).setDestinationServiceNamespace("default")
            .setDestinationWorkload("svc-" + edge + "-v1").setDestinationNamespace("default")
            .setDestinationVersion("v1").setDestinationApp("svc-" + edge)
            .setDestinationPrincipal("spiffe://cluster.local/ns/default/sa/svc-" + edge)
            .setConnectionSecurityPolicy("mutual_tls")
            .setRouteName(i % 3 == 0 ? "route-" + edge : "")
            .setResponseCode(Integer.parseInt(codes.get(random.nextInt(codes.size()))))
            .setDurationMicros(Math.max(1, (long) Math.exp(Math.log(5_000) + random.nextGaussian())))
            .setRequestBytes(200).setResponseBytes(1_000 + random.nextInt(1_000))
            .build();
        producer.send(new ProducerRecord<>(spec.name(), Math.abs(proxy.hashCode()) % partitions, proxy,
            values.serialize(spec.name(), t)));
      }
      producer.flush();
    }
  }
}
