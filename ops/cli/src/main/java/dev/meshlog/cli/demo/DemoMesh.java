package dev.meshlog.cli.demo;

import dev.meshlog.engine.ca.SpiffeId;
import dev.meshlog.engine.ca.signer.BootstrapTokenIssuer;
import dev.meshlog.proxy.Sidecar;
import dev.meshlog.proxy.SidecarConfig;
import dev.meshlog.proxy.SidecarTuning;
import dev.meshlog.proxy.identity.WorkloadIdentityConfig;
import dev.meshlog.schemas.Topics;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code up --demo} mesh: service {@code reviews} in namespace {@code default} with versions v1
 * and v2, each a real HTTP server behind its own sidecar, and a client sidecar sending light traffic;
 * the sidecars talk mutual TLS with certificates from the mesh CA.
 */
public final class DemoMesh implements AutoCloseable {

  public static final String NAMESPACE = "default";
  public static final String CLIENT_ID = "demo-client";

  private final List<AutoCloseable> parts = new ArrayList<>();
  private int clientPort;

  private DemoMesh() {}

  /**
   * @param tokens the mesh CA's bootstrap tokens: each demo sidecar gets a certificate for its service
   *     account ({@code reviews}, {@code client}), so demo traffic runs over mutual TLS (Istio's auto mTLS)
   */
  public static DemoMesh start(String bootstrap, Topics topics, int clientPort, BootstrapTokenIssuer tokens) throws Exception {
    DemoMesh mesh = new DemoMesh();
    List<Sidecar> sidecars = new ArrayList<>();
    try {
      for (String version : List.of("v1", "v2")) {
        DemoBackend app = mesh.add(DemoBackend.start("reviews", version));
        sidecars.add(mesh.add(Sidecar.start(new SidecarConfig("reviews-" + version, "reviews", NAMESPACE,
            Map.of("app", "reviews", "version", version), "127.0.0.1", SidecarConfig.ANY_PORT, app.port(), 0, bootstrap, topics),
            // The demo goes down with `up` as a whole: no peer outlives it, so a termination drain would only delay exit.
            identity(tokens, "reviews").withTerminationDrain(Duration.ZERO))));
      }
      Sidecar client = mesh.add(Sidecar.start(new SidecarConfig(CLIENT_ID, "client", NAMESPACE,
          Map.of("app", "client"), "127.0.0.1", 0, 0, clientPort, bootstrap, topics), identity(tokens, "client")));
      sidecars.add(client);
      mesh.clientPort = client.outboundPort();
      // Until a sidecar has its first snapshot it answers 503 NC on both sides: send only once every one is configured.
      mesh.add(new DemoTraffic(mesh.clientPort, URI.create("http://reviews/"), Duration.ofMillis(500),
          () -> sidecars.stream().allMatch(s -> s.appliedVersion() >= 0)));
      return mesh;
    } catch (Exception e) {
      mesh.close();
      throw e;
    }
  }

  private static SidecarTuning identity(BootstrapTokenIssuer tokens, String serviceAccount) {
    return withBootstrapToken(tokens, NAMESPACE, serviceAccount);
  }

  /** Sidecar defaults with a fresh bootstrap token for {@code serviceAccount}: an in-process sidecar that talks mTLS. */
  public static SidecarTuning withBootstrapToken(BootstrapTokenIssuer tokens, String namespace, String serviceAccount) {
    String token = tokens.issue(new SpiffeId(tokens.trustDomain(), namespace, serviceAccount), Duration.ofMinutes(10));
    return SidecarTuning.defaults().withIdentity(WorkloadIdentityConfig.withToken(token)
        .withTrustDomain(tokens.trustDomain()).withServiceAccount(serviceAccount));
  }

  private <T extends AutoCloseable> T add(T part) {
    parts.add(part);
    return part;
  }

  public int clientPort() {
    return clientPort;
  }

  public String instructions() {
    return String.join("\n",
        "demo: reviews v1 and v2 behind sidecars reviews-v1, reviews-v2; client sidecar " + CLIENT_ID
            + " on 127.0.0.1:" + clientPort + " (2 requests/s to http://reviews/)",
        "try:",
        "  curl -x http://127.0.0.1:" + clientPort + " http://reviews/",
        "  ./ops/meshlog apply -f ops/demo/reviews-90-10.yaml --reason \"canary v2\"",
        "  ./ops/meshlog top",
        "  ./ops/meshlog apply -f ops/demo/reviews-v2.yaml --reason \"promote v2\"");
  }

  @Override
  public void close() {
    for (int i = parts.size() - 1; i >= 0; i--) {
      try {
        parts.get(i).close();
      } catch (Exception e) {
        org.slf4j.LoggerFactory.getLogger(DemoMesh.class).warn("closing demo part failed", e);
      }
    }
  }
}
