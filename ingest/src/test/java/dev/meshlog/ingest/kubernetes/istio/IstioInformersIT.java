package dev.meshlog.ingest.kubernetes.istio;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The informers against a mock API server (CRUD) where the AuthorizationPolicy CRD is not installed: that kind is
 * reported and left out, the other five sync and deliver their objects.
 */
class IstioInformersIT {

  private KubernetesMockServer server;
  private KubernetesClient client;

  @AfterEach
  void stop() {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.destroy();
    }
  }

  @Test
  void shouldKeepWatchingTheOtherKindsWhenACrdIsNotInstalled() throws Exception {
    List<IstioResourceType> installed = IstioResourceType.ALL.stream()
        .filter(type -> type.kind() != dev.meshlog.ingest.policy.model.PolicyKind.AUTHORIZATION_POLICY).toList();
    List<CustomResourceDefinitionContext> crds = installed.stream().map(type -> new CustomResourceDefinitionContext.Builder()
        .withGroup(type.group()).withVersion(type.version()).withPlural(type.plural()).withKind(type.kindName())
        .withScope("Namespaced").withName(type.plural() + "." + type.group()).build()).toList();
    Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    server = new KubernetesMockServer(new Context(), new MockWebServer(), responses, new KubernetesMixedDispatcher(responses, crds), false);
    server.init();
    // What an API server without the CRD answers to its list.
    server.expect().get().withPath("/apis/security.istio.io/v1/authorizationpolicies?resourceVersion=0")
        .andReturn(404, new StatusBuilder().withCode(404).withReason("NotFound").withMessage("the server could not find the requested resource").build())
        .always();
    client = server.createClient();
    IstioResourceType vs = IstioResourceType.ALL.get(0);
    client.genericKubernetesResources(vs.context()).inNamespace("shop")
        .resource(IstioObjects.virtualService("shop", "reviews", IstioObjects.weights(90, 10))).create();

    List<Change> changes = new CopyOnWriteArrayList<>();
    try (IstioInformers informers = new IstioInformers(client, Optional.empty(), Duration.ofMinutes(10), changes::add)) {
      List<IstioResourceType> synced = informers.awaitSynced(Duration.ofSeconds(60));

      assertEquals(installed, synced, "every installed kind syncs, the missing one is left out");
      assertEquals(List.of("reviews"), informers.objects(vs).stream().map(o -> o.getMetadata().getName()).toList());
      await().atMost(Duration.ofSeconds(30)).until(() -> changes.size() == 1);
      assertEquals("VirtualService/shop/reviews", IstioDocuments.subject(changes.get(0).object()));

      client.genericKubernetesResources(vs.context()).inNamespace("shop").withName("reviews").delete();
      await().atMost(Duration.ofSeconds(30)).until(() -> changes.size() == 2 && changes.get(1) instanceof Change.Deleted);
    }
  }
}
