package examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.meshlog.avro.AckStatus;
import dev.meshlog.avro.PolicyEvent;
import dev.meshlog.avro.ProxyAck;
import dev.meshlog.kafka.local.KafkaBroker;
import dev.meshlog.schemas.AvroSerde;
import dev.meshlog.schemas.SchemaCatalog;
import dev.meshlog.schemas.SchemaCatalogPublisher;
import dev.meshlog.schemas.TopicSpec;
import dev.meshlog.schemas.Topics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the command lines of docs/topics.md exactly as documented (only the broker address and topic names are
 * swapped for this test's) against a real broker holding records written the way Meshlog writes them, and
 * checks what each prints. kcat must be installed: a missing kcat fails here, it does not skip.
 */
@ExtendWith(KafkaBroker.class)
class KcatExamplesIT {

  private static final Path REPO = Path.of("../..").toAbsolutePath().normalize();
  private static final Path PAGE = REPO.resolve("docs/topics.md");
  // Recent: acks are kept 7 days, and the broker deletes older records at its next retention check.
  private static final long ACK_TIME = System.currentTimeMillis() - TimeUnit.MINUTES.toMillis(10);
  private static final AvroSerde<ProxyAck> ACKS = new AvroSerde<>(ProxyAck.class);
  private static final List<ProxyAck> ACKED = List.of(
      MeshRecords.ack("reviews-v1", 4, AckStatus.ACK, Instant.ofEpochMilli(ACK_TIME)),
      MeshRecords.ack("reviews-v2", 4, AckStatus.NACK, Instant.ofEpochMilli(ACK_TIME + 1000)),
      MeshRecords.ack("ratings-v1", 5, AckStatus.ACK, Instant.ofEpochMilli(ACK_TIME + 2000)));

  private static String bootstrap;
  private static String prefix;
  private static Topics topics;

  @BeforeAll
  static void brokerWithAMeshsRecords() throws Exception {
    requireKcat();
    bootstrap = KafkaBroker.bootstrapServers();
    prefix = KafkaBroker.uniqueName("kcat") + ".";
    topics = Topics.withPrefix(prefix);
    MeshRecords.setUp(bootstrap, topics);
    for (int i = 0; i < ACKED.size(); i++) {
      ProxyAck ack = ACKED.get(i);
      MeshRecords.write(bootstrap, topics.proxyAcks(), Map.of(ack.getProxyId(), ack), ACK_TIME + i * 1000L);
    }
    long now = System.currentTimeMillis();
    for (int i = 1; i <= 5; i++) {
      PolicyEvent event = MeshRecords.event(i, "svc" + i, "alice", Instant.ofEpochMilli(now));
      // two changes three hours ago, three ten minutes ago
      long at = i <= 2 ? now - TimeUnit.HOURS.toMillis(3) : now - TimeUnit.MINUTES.toMillis(10);
      MeshRecords.write(bootstrap, topics.policyEvents(), Map.of(event.getEnvelope().getSubject(), event), at);
    }
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("__streams.errors.topic", topics.policyCommands().name());
    headers.put("__streams.errors.partition", "0");
    headers.put("__streams.errors.offset", "7");
    MeshRecords.writeRaw(bootstrap, topics.deadLetter().name(), "VirtualService/default/bad", "not avro".getBytes(StandardCharsets.UTF_8),
        headers);
  }

  /** What each documented example must print, given the records above. */
  private static Map<String, Consumer<String>> expectations() {
    Map<String, Consumer<String>> expected = new LinkedHashMap<>();
    expected.put("plain-consumer", out -> {
      List<String> lines = out.lines().toList();
      assertEquals(ACKED.size(), lines.size(), out);
      for (int i = 0; i < lines.size(); i++) {
        assertTrue(lines.get(i).contains("\"key\":\"" + ACKED.get(i).getProxyId() + "\""), lines.get(i));
        assertTrue(lines.get(i).contains("\"schema\":\"dev.meshlog.avro.ProxyAck\""), lines.get(i));
      }
      assertTrue(lines.get(1).contains("\"status\":\"NACK\""), lines.get(1));
    });
    expected.put("catalog", out -> {
      Set<String> want = SchemaCatalogPublisher.entries().keySet().stream()
          .map(key -> key + " " + SchemaCatalog.MESSAGES.stream().map(SchemaCatalog::schemaOf)
              .filter(s -> SchemaCatalogPublisher.key(s).equals(key)).findFirst().orElseThrow().getFullName())
          .collect(Collectors.toCollection(TreeSet::new));
      assertEquals(want, new TreeSet<>(out.lines().toList()));
    });
    expected.put("last-acks", out -> assertEquals(List.of(
        "p0@1 " + (ACK_TIME + 1000) + " reviews-v2 " + ACKS.encode(ACKED.get(1)).length + " bytes",
        "p0@2 " + (ACK_TIME + 2000) + " ratings-v1 " + ACKS.encode(ACKED.get(2)).length + " bytes"), out.lines().toList()));
    expected.put("count-since", out -> assertEquals("3", out.strip(), "events in the last hour"));
    expected.put("dead-letters", out -> assertEquals(List.of("p0@0 key=VirtualService/default/bad __streams.errors.topic="
        + topics.policyCommands().name() + ",__streams.errors.partition=0,__streams.errors.offset=7"), out.lines().toList()));
    expected.put("which-schema", out -> {
      List<String> lines = out.lines().toList();
      assertEquals(2, lines.size(), out);
      byte[] first = ACKS.encode(ACKED.get(0));
      List<String> header = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        header.add(HexFormat.of().toHexDigits(first[i]));
      }
      assertEquals(String.join(" ", header), lines.get(0).strip());
      assertEquals(ProxyAck.getClassSchema().toString(), lines.get(1));
    });
    return expected;
  }

  @Test
  void shouldCheckEveryDocumentedExampleAndNoOther() throws IOException {
    assertEquals(new TreeSet<>(expectations().keySet()), new TreeSet<>(DocExamples.read(PAGE).keySet()),
        "an example added to the docs needs its expectation here, and a removed one its expectation removed");
  }

  @TestFactory
  Stream<DynamicTest> shouldPrintWhatTheDocsSay() throws IOException {
    Map<String, String> names = Topics.DEFAULT.all().stream().collect(Collectors.toMap(TopicSpec::name, t -> prefix + t.name()));
    Map<String, Consumer<String>> expected = expectations();
    return DocExamples.read(PAGE).values().stream().map(example -> DynamicTest.dynamicTest(example.id(), () -> {
      String script = DocExamples.retarget(example.script(), bootstrap, names);
      String out = Shell.run(script, REPO);
      expected.getOrDefault(example.id(), o -> fail("no expectation for example " + example.id())).accept(out);
    }));
  }


  private static void requireKcat() {
    try {
      Process p = new ProcessBuilder("kcat", "-V").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0) {
        return;
      }
    } catch (IOException e) {
      // not on the PATH: fall through to the message
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    fail("kcat is not installed, so the kcat examples of docs/topics.md cannot be tested: "
        + "install it with `apt-get install -y kcat` (Debian; .ci/run does this)");
  }
}
