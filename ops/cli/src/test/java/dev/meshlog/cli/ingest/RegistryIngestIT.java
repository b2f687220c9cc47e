package dev.meshlog.cli.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.avro.ClusterChange;
import dev.meshlog.avro.ClusterEvent;
import dev.meshlog.avro.Envelope;
import dev.meshlog.avro.Source;
import dev.meshlog.avro.WorkloadResource;
import dev.meshlog.cli.Meshlog;
import dev.meshlog.kafka.local.KafkaBroker;
import dev.meshlog.schemas.TopicAdmin;
import dev.meshlog.schemas.Topics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code meshlog ingest --registry FILE} on a real broker: one pass, only differences, bad files publish nothing. */
@ExtendWith(KafkaBroker.class)
class RegistryIngestIT {

  private final String bootstrap = KafkaBroker.bootstrapServers();
  private final String prefix = KafkaBroker.uniqueName("registry") + ".";
  private final Topics topics = Topics.withPrefix(prefix);
  private final ClusterEventLog log = new ClusterEventLog(bootstrap, topics);

  @TempDir Path dir;

  private record Run(int exitCode, String out, String err) {}

  private Run ingest(Path file) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Meshlog.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
        .execute("ingest", "--registry", file.toString(), "--actor", "alice", "--bootstrap", bootstrap, "--topic-prefix", prefix);
    return new Run(code, out.toString(), err.toString());
  }

  private static final String SERVICE = """
      services:
        - name: reviews
          namespace: shop
          ports: [{name: http, port: 9080}]
      """;

  private static String workload(String name, String address, int port) {
    return "  - {name: " + name + ", namespace: shop, service: reviews, address: " + address + ", port: " + port + ", servicePort: 9080}\n";
  }

  @Test
  void shouldPublishOnlyDifferencesAndLeaveOtherSourcesAlone() throws Exception {
    TopicAdmin.ensureTopics(bootstrap, topics.all(), 1, (short) 1);
    selfRegister("sidecar-1");
    Path file = dir.resolve("registry.yaml");
    Files.writeString(file, SERVICE + "workloads:\n" + workload("vm-1", "10.0.0.1", 9080) + workload("vm-2", "10.0.0.2", 9080));

    Run first = ingest(file);
    assertEquals(0, first.exitCode(), first.err());
    assertEquals("registered 3, updated 0, removed 0, unchanged 0\n", first.out());
    assertEquals(List.of("REGISTERED Service/shop/reviews alice CLI", "REGISTERED Workload/shop/vm-1 alice CLI",
        "REGISTERED Workload/shop/vm-2 alice CLI"), log.since(1));

    Run again = ingest(file);
    assertEquals("registered 0, updated 0, removed 0, unchanged 3\n", again.out());
    assertEquals(4, log.events().size(), "an unchanged file publishes nothing");

    Files.writeString(file, SERVICE + "workloads:\n" + workload("vm-1", "10.0.0.9", 9080) + workload("vm-3", "10.0.0.3", 9080));
    Run edited = ingest(file);
    assertEquals("registered 1, updated 1, removed 1, unchanged 1\n", edited.out());
    assertEquals(List.of("REGISTERED Workload/shop/vm-3 alice CLI", "REMOVED Workload/shop/vm-2 alice CLI",
        "UPDATED Workload/shop/vm-1 alice CLI"), log.since(4));
    assertEquals("10.0.0.9", ((WorkloadResource) log.events().get(log.events().size() - 3).getResource()).getAddress());

    Files.writeString(file, "services: []\nworkloads: []\n");
    assertEquals("registered 0, updated 0, removed 3, unchanged 0\n", ingest(file).out());
    assertTrue(log.since(7).stream().allMatch(l -> l.startsWith("REMOVED")), log.since(7).toString());
    assertTrue(log.since(1).stream().noneMatch(l -> l.contains("sidecar-1")), "the sidecar's own record is never touched");
    assertEquals(10, log.events().size());
  }

  @Test
  void shouldRefuseABadFileNamingFileFieldAndReasonAndPublishNothing() throws Exception {
    TopicAdmin.ensureTopics(bootstrap, topics.all(), 1, (short) 1);
    Path file = dir.resolve("bad.yaml");
    Files.writeString(file, SERVICE + "workloads:\n  - {name: vm-1, namespace: shop, service: reviews, port: 99999}\n");
    Run run = ingest(file);
    assertEquals(1, run.exitCode());
    assertEquals("error: " + file + ": workloads[0].address: is required\nerror: " + file
        + ": workloads[0].port: 99999 is out of range 0..65535\n" + file + ": refused, nothing published\n", run.err());
    assertEquals(0, log.events().size());
  }

  /** A sidecar registering itself, as proxy/.../WorkloadRegistrar does: source PROXY owns the key. */
  private void selfRegister(String proxyId) throws Exception {
    WorkloadResource workload = WorkloadResource.newBuilder().setName(proxyId).setNamespace("shop").setService("reviews")
        .setProxyId(proxyId).setAddress("127.0.0.1").setPort(15006).setLabels(Map.of()).build();
    ClusterEvent event = ClusterEvent.newBuilder().setChange(ClusterChange.REGISTERED).setResource(workload)
        .setEnvelope(Envelope.newBuilder().setId("e1").setType("WorkloadRegistered").setSubject("Workload/shop/" + proxyId)
            .setActor("proxy/" + proxyId).setSource(Source.PROXY).setTime(Instant.now()).build())
        .build();
    try (KafkaProducer<String, ClusterEvent> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
        topics.clusterEvents().keySerde().serializer(), topics.clusterEvents().valueSerde().serializer())) {
      producer.send(new ProducerRecord<>(topics.clusterEvents().name(), event.getEnvelope().getSubject(), event)).get();
    }
  }
}
