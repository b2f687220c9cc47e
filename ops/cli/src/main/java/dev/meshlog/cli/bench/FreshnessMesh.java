package dev.meshlog.cli.bench;

import dev.meshlog.cli.demo.DemoBackend;
import dev.meshlog.cli.demo.DemoMesh;
import dev.meshlog.engine.ca.signer.BootstrapTokenIssuer;
import dev.meshlog.proxy.Sidecar;
import dev.meshlog.proxy.SidecarConfig;
import dev.meshlog.proxy.SidecarTuning;
import dev.meshlog.schemas.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The freshness benchmark's own traffic path, apart from the demo's: service {@code bench} (one real
 * HTTP backend behind sidecar {@code bench-v1}) and a client sidecar {@code bench-client}, over mutual
 * TLS with certificates from the mesh CA, on loopback and free ports.
 */
final class FreshnessMesh implements AutoCloseable {

  static final String NAMESPACE = "default";
  static final String SERVICE = "bench";
  static final String SERVER_ID = "bench-v1";
  static final String CLIENT_ID = "bench-client";

  private final List<AutoCloseable> parts = new ArrayList<>();
  private int clientPort;

  private FreshnessMesh() {}

  static FreshnessMesh start(String bootstrap, Topics topics, BootstrapTokenIssuer tokens) throws Exception {
    FreshnessMesh mesh = new FreshnessMesh();
    try {
      DemoBackend app = mesh.add(DemoBackend.start(SERVICE, "v1"));
      mesh.add(Sidecar.start(new SidecarConfig(SERVER_ID, SERVICE, NAMESPACE, Map.of("app", SERVICE, "version", "v1"),
          "127.0.0.1", SidecarConfig.ANY_PORT, app.port(), 0, bootstrap, topics), identity(tokens, SERVICE)));
      Sidecar client = mesh.add(Sidecar.start(new SidecarConfig(CLIENT_ID, "bench-client", NAMESPACE,
          Map.of("app", "bench-client"), "127.0.0.1", 0, 0, 0, bootstrap, topics), identity(tokens, "bench-client")));
      mesh.clientPort = client.outboundPort();
      return mesh;
    } catch (Exception e) {
      mesh.close();
      throw e;
    }
  }

  private static SidecarTuning identity(BootstrapTokenIssuer tokens, String serviceAccount) {
    return DemoMesh.withBootstrapToken(tokens, NAMESPACE, serviceAccount);
  }

  private <T extends AutoCloseable> T add(T part) {
    parts.add(part);
    return part;
  }

  /** The client sidecar's outbound listener: an HTTP proxy for {@code http://bench/}. */
  int clientPort() {
    return clientPort;
  }

  @Override
  public void close() {
    for (int i = parts.size() - 1; i >= 0; i--) {
      try {
        parts.get(i).close();
      } catch (Exception e) {
        org.slf4j.LoggerFactory.getLogger(FreshnessMesh.class).warn("closing benchmark part failed", e);
      }
    }
  }
}
