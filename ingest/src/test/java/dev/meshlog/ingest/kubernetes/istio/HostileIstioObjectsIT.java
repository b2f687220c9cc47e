package dev.meshlog.ingest.kubernetes.istio;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meshlog.ingest.log.TopicToEnd;
import dev.meshlog.kafka.local.KafkaBroker;
import dev.meshlog.schemas.TopicAdmin;
import dev.meshlog.schemas.Topics;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The API server validates Istio objects only as far as the CRD's schema goes (and a cluster may run without it):
 * hostile objects are refused one by one, logged and counted, and the sync keeps publishing the others.
 */
@ExtendWith(KafkaBroker.class)
class HostileIstioObjectsIT {

  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final IstioResourceType VS = IstioResourceType.ALL.get(0);

  private KubernetesMockServer server;
  private KubernetesClient client;
  private IstioResourceSync sync;

  @AfterEach
  void stop() {
    if (sync != null) {
      sync.close();
    }
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.destroy();
    }
  }

  private static Map<String, Object> routeWithUri(Map<String, Object> uri) {
    return Map.of("hosts", List.of("reviews"), "http", List.of(Map.of("match", List.of(Map.of("uri", uri)),
        "route", List.of(Map.of("destination", Map.of("host", "reviews"))))));
  }

  private static Map<String, Object> deep(int depth) {
    Map<String, Object> value = Map.of("leaf", "x");
    for (int i = 0; i < depth; i++) {
      value = Map.of("n", value);
    }
    return Map.of("hosts", List.of("reviews"), "http", List.of(value));
  }

  private void put(String name, Map<String, Object> spec) {
    GenericKubernetesResource object = IstioObjects.virtualService("default", name, spec);
    client.genericKubernetesResources(VS.context()).inNamespace("default").resource(object).create();
  }

  @Test
  void shouldRefuseAndCountHostileObjectsAndKeepSyncingTheOthers() {
    List<CustomResourceDefinitionContext> crds = IstioResourceType.ALL.stream().map(type -> new CustomResourceDefinitionContext.Builder()
        .withGroup(type.group()).withVersion(type.version()).withPlural(type.plural()).withKind(type.kindName())
        .withScope("Namespaced").withName(type.plural() + "." + type.group()).build()).toList();
    server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(crds), false);
    server.init();
    client = server.createClient();
    String bootstrap = KafkaBroker.bootstrapServers();
    Topics topics = Topics.withPrefix(KafkaBroker.uniqueName("hostile") + ".");
    TopicAdmin.ensureTopics(bootstrap, topics.all(), 1, (short) 1);

    put("nested", deep(120));
    put("bomb", routeWithUri(Map.of("regex", "((a{1000}){1000}){1000}")));
    put("backref", routeWithUri(Map.of("regex", "(a)\\1")));
    put("wide", Map.of("hosts", IntStream.range(0, 2_000).mapToObj(i -> "h" + i).toList()));
    put("typed", Map.of("hosts", 42, "http", "route everything"));
    put("nul", Map.of("hosts", List.of("rev\u0000iews")));
    put("reviews", routeWithUri(Map.of("regex", "(a+)+$"))); // catastrophic for a backtracking engine; fine for RE2

    sync = IstioResourceSync.start(client, bootstrap, topics, IstioSyncConfig.defaults().withResync(Duration.ofSeconds(2)));
    await().atMost(WAIT).until(sync::isSynced);
    await().atMost(WAIT).until(() -> sync.counters().refused() >= 6);
    assertEquals(List.of("VirtualService/default/reviews"), subjects(bootstrap, topics));

    // The sync goes on: an object added after the hostile ones is published too.
    put("ratings", routeWithUri(Map.of("prefix", "/ratings")));
    await().atMost(WAIT).until(() -> subjects(bootstrap, topics).size() == 2);
    assertEquals(List.of("VirtualService/default/reviews", "VirtualService/default/ratings"), subjects(bootstrap, topics));
    assertEquals(6, sync.counters().refused(), "each hostile object is counted once, not again on every resync");
  }

  private static List<String> subjects(String bootstrap, Topics topics) {
    List<String> subjects = new ArrayList<>();
    TopicToEnd.read(bootstrap, topics.policyCommands().name(), Map.of(), record -> subjects.add(
        topics.policyCommands().valueSerde().deserializer().deserialize(topics.policyCommands().name(), record.value())
            .getEnvelope().getSubject()));
    return subjects;
  }
}
