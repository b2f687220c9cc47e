package dev.meshlog.cli.faults.controlplane;

import static org.awaitility.Awaitility.await;

import dev.meshlog.cli.Closer;
import dev.meshlog.cli.demo.DemoBackend;
import dev.meshlog.cli.faults.ClientTraffic;
import dev.meshlog.proxy.Sidecar;
import dev.meshlog.proxy.SidecarConfig;
import dev.meshlog.schemas.Topics;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * The data plane under a control-plane fault: two replicas of {@code reviews} (real HTTP servers behind their
 * sidecars, v1 and v2) and a client sidecar, self-registered on the mesh's topics; then an application sending
 * steady traffic to {@code reviews} through the client sidecar, the witness of every failed request.
 */
public final class DataPlane implements AutoCloseable {

  public static final String CLIENT = "client";

  public final Map<String, Sidecar> sidecars = new TreeMap<>();
  private final Closer started = new Closer();
  private ClientTraffic traffic;

  private DataPlane() {}

  public static DataPlane start(String bootstrap, Topics topics) throws Exception {
    DataPlane plane = new DataPlane();
    try {
      for (String version : new String[] {"v1", "v2"}) {
        DemoBackend app = plane.add(DemoBackend.start("reviews", version));
        String id = "reviews-" + version;
        plane.sidecars.put(id, plane.add(Sidecar.start(new SidecarConfig(id, "reviews", BurstCommands.NAMESPACE,
            Map.of("app", "reviews", "version", version), "127.0.0.1", SidecarConfig.ANY_PORT, app.port(), 0, bootstrap, topics))));
      }
      plane.sidecars.put(CLIENT, plane.add(Sidecar.start(new SidecarConfig(CLIENT, CLIENT, BurstCommands.NAMESPACE,
          Map.of("app", CLIENT), "127.0.0.1", 0, 0, 0, bootstrap, topics))));
      return plane;
    } catch (Exception e) {
      plane.close();
      throw e;
    }
  }

  /**
   * Once the client's sidecar routes {@code reviews} (its first snapshot), starts the application's traffic:
   * from then on every request that is not answered 200 counts as a failure.
   */
  public ClientTraffic startTraffic() {
    // A reviews sidecar answers 503 NC until its first snapshot (it fails closed): one 200 through the client proves
    // only that one replica is ready, so the application starts once every proxy is (what each /ready says).
    await().atMost(Duration.ofSeconds(90)).until(() -> sidecars.values().stream().allMatch(s -> s.appliedVersion() >= 0));
    int port = sidecars.get(CLIENT).outboundPort();
    HttpClient probe = HttpClient.newBuilder().proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", port)))
        .connectTimeout(Duration.ofSeconds(5)).build();
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://reviews/")).timeout(Duration.ofSeconds(5)).build();
    await().atMost(Duration.ofSeconds(90)).ignoreExceptions()
        .until(() -> probe.send(request, HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
    traffic = add(ClientTraffic.start(port, URI.create("http://reviews/"), 2, Duration.ofMillis(20)));
    return traffic;
  }

  /** Each proxy's applied snapshot hash, by proxy id. */
  public Map<String, String> appliedHashes() {
    Map<String, String> hashes = new TreeMap<>();
    sidecars.forEach((id, sidecar) -> hashes.put(id, sidecar.appliedHash()));
    return hashes;
  }

  private <T extends AutoCloseable> T add(T part) {
    return started.register(part);
  }

  @Override
  public void close() {
    started.close();
  }
}
