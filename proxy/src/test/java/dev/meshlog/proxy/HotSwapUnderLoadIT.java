package dev.meshlog.proxy;

import static dev.meshlog.proxy.WireSnapshots.clusterConfig;
import static dev.meshlog.proxy.WireSnapshots.endpoint;
import static dev.meshlog.proxy.WireSnapshots.snapshot;
import static dev.meshlog.proxy.WireSnapshots.weighted;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.avro.ClusterConfig;
import dev.meshlog.avro.ProxySnapshot;
import dev.meshlog.kafka.local.KafkaBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Snapshots swapped while clients keep sending: endpoints come and go and the load balancer changes
 * under continuous traffic on kept-alive client connections, some requests slow enough to be in
 * flight across a swap. Not one request may fail and not one client connection may be dropped.
 */
@ExtendWith(KafkaBroker.class)
class HotSwapUnderLoadIT {

  @RegisterExtension
  static final SnapshotFeed feed = new SnapshotFeed("hotswap");

  private static final int CLIENTS = 4;
  private static final int SWAPS = 20;
  private static final List<String> POLICIES = List.of("ROUND_ROBIN", "LEAST_REQUEST", "RANDOM");

  @Test
  void shouldServeEveryRequestWhileSnapshotsChangeEndpointsAndBalancers() throws Exception {
    try (BackendApp a = BackendApp.start("a"); BackendApp b = BackendApp.start("b"); BackendApp c = BackendApp.start("c")) {
      List<List<BackendApp>> endpointSets = List.of(List.of(a, b), List.of(b, c), List.of(c, a), List.of(a, b, c));
      try (Sidecar client = feed.clientApplying(id -> snapshotOf(id, 1, endpointSets.get(0), POLICIES.get(0)))) {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong served = new AtomicLong();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        ExecutorService load = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> clients = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
          clients.add(load.submit(() -> sendUntilStopped(client.outboundPort(), running, served, failures)));
        }
        try {
          for (int version = 2; version <= SWAPS + 1; version++) {
            List<BackendApp> apps = endpointSets.get(version % endpointSets.size());
            ProxySnapshot next = snapshotOf(client.proxyId(), version, apps, POLICIES.get(version % POLICIES.size()));
            feed.publish(client.proxyId(), next);
            long applied = version;
            await().atMost(Duration.ofSeconds(60)).until(() -> client.appliedVersion() == applied);
            long before = served.get();
            await().atMost(Duration.ofSeconds(60)).until(() -> served.get() >= before + 2L * CLIENTS);
          }
        } finally {
          running.set(false);
          load.shutdown();
          assertTrue(load.awaitTermination(60, TimeUnit.SECONDS), "load clients did not stop");
        }
        for (Future<?> done : clients) {
          done.get();
        }
        assertEquals(List.of(), List.copyOf(failures), "failed requests during " + SWAPS + " swaps");
        assertTrue(served.get() >= SWAPS * 2L * CLIENTS, "requests served: " + served.get());

        // The last snapshot's endpoints are the only ones new requests reach.
        Set<String> last = Set.of(names(endpointSets.get((SWAPS + 1) % endpointSets.size())));
        try (RawHttpClient raw = new RawHttpClient(client.outboundPort())) {
          for (int i = 0; i < 10; i++) {
            String backend = raw.get("reviews", "/").body();
            assertTrue(last.contains(backend), "request after the last swap went to " + backend + ", not one of " + last);
          }
        }
      }
    }
  }

  /** One kept-alive client connection for the whole test; every tenth request is slow. */
  private static void sendUntilStopped(int port, AtomicBoolean running, AtomicLong served, ConcurrentLinkedQueue<String> failures) {
    try (RawHttpClient raw = new RawHttpClient(port)) {
      for (int n = 0; running.get(); n++) {
        RawHttpClient.Response response = raw.get("reviews", n % 10 == 0 ? "/slow" : "/", Map.of("x-n", Integer.toString(n)));
        if (response.status() != 200 || !Set.of("a", "b", "c").contains(response.body())) {
          failures.add(response.status() + " " + response.headers() + " " + response.body());
        }
        served.incrementAndGet();
      }
    } catch (Exception e) {
      failures.add(e.toString());
    }
  }

  private static String[] names(List<BackendApp> apps) {
    return apps.stream().map(BackendApp::name).toArray(String[]::new);
  }

  private static ProxySnapshot snapshotOf(String proxyId, long version, List<BackendApp> apps, String policy) {
    ClusterConfig cluster = ClusterConfig.newBuilder(clusterConfig("", apps.stream()
            .map(app -> endpoint(app.port(), "reviews-" + app.port(), "v1")).toList()))
        .setLoadBalancer(policy).build();
    return snapshot(proxyId, version, List.of(weighted("", 100)), List.of(cluster));
  }
}
