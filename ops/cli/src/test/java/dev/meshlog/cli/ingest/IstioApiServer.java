package dev.meshlog.cli.ingest;

import dev.meshlog.ingest.kubernetes.istio.IstioResourceType;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.util.HashMap;
import java.util.List;

/** fabric8's mock API server in CRUD mode with Istio's six CRDs, as if Istio were installed. */
public final class IstioApiServer {

  private IstioApiServer() {}

  /** Started; {@code createClient()} talks to it, {@code destroy()} stops it. */
  public static KubernetesMockServer start() {
    List<CustomResourceDefinitionContext> crds = IstioResourceType.ALL.stream().map(type -> new CustomResourceDefinitionContext.Builder()
        .withGroup(type.group()).withVersion(type.version()).withPlural(type.plural()).withKind(type.kindName())
        .withScope("Namespaced").withName(type.plural() + "." + type.group()).build()).toList();
    KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(crds), false);
    server.init();
    return server;
  }
}
