package dev.meshlog.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshlog.cli.provenance.EventLog;
import dev.meshlog.cli.provenance.LogEvent;
import dev.meshlog.kafka.local.KafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Provenance and propagation on the real mesh (engine, sidecars, broker): {@code proxy-config --explain}
 * names the events of two different actors behind a route and a cluster, and {@code status --proxies}
 * follows a change to each proxy's ACK, or to its NACK and error.
 */
@ExtendWith(KafkaBroker.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProvenanceAndPropagationIT {

  private static final String HOST = "reviews.default.svc.cluster.local";
  private static final String VS = "VirtualService/default/reviews";
  private static final String DR = "DestinationRule/default/reviews";

  private static final String SUBSETS = """
      apiVersion: networking.istio.io/v1
      kind: DestinationRule
      metadata: {name: reviews, namespace: default}
      spec:
        host: reviews
        subsets:
        - {name: v1, labels: {version: v1}}
        - {name: v2, labels: {version: v2}}
      """;
  private static final String CANARY = """
      apiVersion: networking.istio.io/v1
      kind: VirtualService
      metadata: {name: reviews, namespace: default}
      spec:
        hosts: [reviews]
        http:
        - name: reviews-split
          route:
          - {destination: {host: reviews, subset: v1}, weight: 90}
          - {destination: {host: reviews, subset: v2}, weight: 10}
      """;
  private static final String HALF = CANARY.replace("weight: 90", "weight: 50").replace("weight: 10", "weight: 50");
  private static final String LEAST_REQUEST = SUBSETS + "  trafficPolicy: {loadBalancer: {simple: LEAST_REQUEST}}\n";

  private static final String DNS_ENTRY = """
      apiVersion: networking.istio.io/v1
      kind: ServiceEntry
      metadata: {name: payments, namespace: default}
      spec:
        hosts: [payments.example.com]
        location: MESH_EXTERNAL
        ports: [{number: 80, name: http, protocol: HTTP}]
        resolution: DNS
      """;
  private static final String STATIC_ENTRY = DNS_ENTRY.replace("resolution: DNS", "resolution: STATIC\n  endpoints: [{address: 127.0.0.1}]");

  private static final Pattern ROLLOUT = Pattern.compile("applied to 3/3 proxies, p50 (\\d+) ms, p99 (\\d+) ms");
  private static MeshUnderTest mesh;

  @BeforeAll
  static void startMesh() throws Exception {
    mesh = new MeshUnderTest();
  }

  @AfterAll
  static void stopMesh() {
    if (mesh != null) {
      mesh.close();
    }
  }

  @Test
  @Order(1)
  void shouldExplainARouteAndAClusterByTheEventsOfTwoActorsAndFollowTheChangeToEachProxysAck(@TempDir Path dir) throws Exception {
    // before any policy the route is Istio's default, made of the workloads that registered (right after the
    // mesh starts the proxy may have no snapshot yet: proxy-config then exits 1, so keep asking)
    JsonNode before = await().atMost(Duration.ofSeconds(90)).ignoreExceptions().until(() -> explainJson("client"),
        json -> StreamSupport.stream(json.get("routes").spliterator(), false).anyMatch(r -> r.get("name").asText().equals(HOST + ":80")));
    JsonNode defaultRoute = element(before.get("routes"), HOST + ":80");
    assertEquals("no VirtualService for this host", defaultRoute.get("default").asText());
    assertTrue(origin(defaultRoute, "Workload/default/reviews-v1").isPresent(), defaultRoute.toString());
    assertEquals("REGISTERED", origin(defaultRoute, "Workload/default/reviews-v2").orElseThrow().get("change").asText());

    apply(dir, "alice", "canary v2", SUBSETS + "---\n" + CANARY);
    apply(dir, "bob", "half and half", HALF);
    apply(dir, "carol", "least request", LEAST_REQUEST);
    EventLog log = EventLog.read(mesh.bootstrap, mesh.topics);
    LogEvent bob = log.newest(VS).orElseThrow();
    LogEvent carol = log.newest(DR).orElseThrow();
    assertEquals("bob", bob.actor());
    assertEquals("carol", carol.actor());

    // the client's snapshot catches up with carol's change; then it is explained by both actors' events
    JsonNode explained = await().atMost(Duration.ofSeconds(90)).ignoreExceptions().until(() -> explainJson("client"),
        json -> origin(element(json.get("clusters"), "outbound|80|v2|" + HOST), DR).map(o -> o.get("actor").asText().equals("carol"))
            .orElse(false));
    JsonNode route = origin(element(explained.get("routes"), HOST + ":80"), VS).orElseThrow();
    assertEquals("bob", route.get("actor").asText());
    assertEquals(bob.offset(), route.get("offset").asLong());
    assertEquals(2, route.get("generation").asLong());
    assertEquals("half and half", route.get("reason").asText());
    JsonNode cluster = origin(element(explained.get("clusters"), "outbound|80|v2|" + HOST), DR).orElseThrow();
    assertEquals(carol.offset(), cluster.get("offset").asLong());
    assertEquals(mesh.topics.policyEvents().name(), cluster.get("topic").asText());
    JsonNode endpoint = element(explained.get("clusters"), "outbound|80|v2|" + HOST).get("children").get(0);
    assertEquals("Workload/default/reviews-v2", endpoint.at("/origins/0/subject").asText());
    assertEquals("REGISTERED", endpoint.at("/origins/0/change").asText());

    CliRun tree = mesh.cli("proxy-config", "client", "--explain");
    assertEquals(0, tree.exitCode(), tree.toString());
    assertTrue(tree.out().contains("<- " + VS + "  generation 2  UPSERT  by bob  at " + bob.time() + "  " + bob.position()
        + "  reason \"half and half\""), tree.out());
    assertTrue(tree.out().contains("<- " + DR + "  generation 2  UPSERT  by carol  at " + carol.time() + "  " + carol.position()), tree.out());

    // bob's change is the VirtualService's newest: every proxy ACKed it, with the rollout's percentiles
    CliRun rollout = await().atMost(Duration.ofSeconds(90)).until(() -> mesh.cli("status", VS),
        run -> ROLLOUT.matcher(run.out()).find());
    Matcher engine = ROLLOUT.matcher(rollout.out());
    assertTrue(engine.find());
    CliRun proxies = mesh.cli("status", VS, "--proxies");
    assertEquals(0, proxies.exitCode(), proxies.toString());
    String out = proxies.out();
    assertTrue(out.contains("change: " + VS + " generation 2 UPSERT by bob at " + bob.time() + " (" + bob.position() + ")"), out);
    for (String proxy : new String[] {"client", "reviews-v1", "reviews-v2"}) {
      assertTrue(Pattern.compile("\n" + proxy + " +\\d+ +ACK +\\S+Z +\\d+ ms +v\\d+\n").matcher(out).find(), proxy + " ACKed: " + out);
    }
    assertTrue(out.contains("applied to 3/3 proxies, p50 " + engine.group(1) + " ms, p99 " + engine.group(2) + " ms; 0 NACKed; 0 pending"),
        "the per-proxy delays give the rollout's percentiles (" + engine.group() + "): " + out);

    // alice's older change, by generation: carried by earlier versions, ACKed too
    CliRun older = mesh.cli("status", VS, "--generation", "1");
    assertEquals(0, older.exitCode(), older.toString());
    assertTrue(older.out().contains("generation 1 UPSERT by alice"), older.out());
    assertTrue(Pattern.compile("\nclient +\\d+ +ACK ").matcher(older.out()).find(), older.out());
  }

  @Test
  @Order(2)
  void shouldListEachNackingProxyWithItsError(@TempDir Path dir) throws Exception {
    apply(dir, "dave", "payments by DNS", DNS_ENTRY);
    CliRun nacked = await().atMost(Duration.ofSeconds(90)).until(() -> mesh.cli("status", "se/default/payments", "--proxies"),
        run -> run.out().contains("applied to 0/3 proxies; 3 NACKed; 0 pending"));
    for (String proxy : new String[] {"client", "reviews-v1", "reviews-v2"}) {
      assertTrue(Pattern.compile("\n" + proxy + " +\\d+ +NACK +\\S+Z +\\d+ ms +v\\d+: .*resolution DNS: not enforced by this proxy yet")
          .matcher(nacked.out()).find(), proxy + " NACKed with its error: " + nacked.out());
    }

    apply(dir, "dave", "payments at a static address", STATIC_ENTRY); // leave the mesh enforceable
    await().atMost(Duration.ofSeconds(90)).until(() -> mesh.cli("status", "se/default/payments", "--proxies").out()
        .contains("applied to 3/3 proxies"));
  }

  private static void apply(Path dir, String actor, String reason, String yaml) throws Exception {
    Path file = Files.writeString(Files.createTempFile(dir, actor, ".yaml"), yaml);
    CliRun run = mesh.cli("apply", "-f", file.toString(), "--actor", actor, "--reason", reason, "--wait", "30s");
    assertEquals(0, run.exitCode(), run.toString());
  }

  private static JsonNode explainJson(String proxy) throws Exception {
    CliRun run = mesh.cli("proxy-config", proxy, "--explain", "-o", "json");
    assertEquals(0, run.exitCode(), run.toString());
    return new ObjectMapper().readTree(run.out());
  }

  private static JsonNode element(JsonNode elements, String name) {
    return StreamSupport.stream(elements.spliterator(), false).filter(e -> e.get("name").asText().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError(name + " not in " + elements));
  }

  private static Optional<JsonNode> origin(JsonNode element, String subject) {
    return StreamSupport.stream(element.get("origins").spliterator(), false)
        .filter(o -> o.get("subject").asText().equals(subject)).findFirst();
  }
}
