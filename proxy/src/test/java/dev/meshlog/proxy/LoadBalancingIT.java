package dev.meshlog.proxy;

import static dev.meshlog.proxy.WireSnapshots.cluster;
import static dev.meshlog.proxy.WireSnapshots.clusterConfig;
import static dev.meshlog.proxy.WireSnapshots.endpoint;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.avro.ClusterConfig;
import dev.meshlog.avro.ConsistentHashSpec;
import dev.meshlog.avro.RouteRule;
import dev.meshlog.avro.WeightedCluster;
import dev.meshlog.kafka.local.KafkaBroker;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The DestinationRule load balancer a snapshot names is the one requests see, over real sockets:
 * ring hash keeps each user on one backend, random and least request use every backend.
 */
@ExtendWith(KafkaBroker.class)
class LoadBalancingIT {

  @RegisterExtension
  static final SnapshotFeed feed = new SnapshotFeed("balancing");

  /** A client sidecar that applied one cluster of three backends balanced by {@code policy}. */
  private static Sidecar clientWith(List<BackendApp> apps, String policy, ConsistentHashSpec hash) throws Exception {
    ClusterConfig all = ClusterConfig.newBuilder(clusterConfig("", apps.stream()
            .map(a -> endpoint(a.port(), "reviews-" + a.port(), "v1")).toList()))
        .setLoadBalancer(policy).setConsistentHash(hash).build();
    RouteRule rule = RouteRule.newBuilder().setName("all").setClusters(List.of(new WeightedCluster(cluster(""), 100, null))).build();
    return feed.clientApplying(proxyId -> WireSnapshots.snapshotWithRules(proxyId, 1, List.of(rule), List.of(all)));
  }

  @Test
  void shouldKeepEachUserOnOneBackendWithARingHashOnAHeader() throws Exception {
    ConsistentHashSpec onUser = ConsistentHashSpec.newBuilder().setHttpHeaderName("x-user").build();
    try (BackendApp a = BackendApp.start("a"); BackendApp b = BackendApp.start("b"); BackendApp c = BackendApp.start("c");
        Sidecar client = clientWith(List.of(a, b, c), "RING_HASH", onUser);
        RawHttpClient raw = new RawHttpClient(client.outboundPort())) {
      Map<String, String> backendOf = new HashMap<>();
      for (int round = 0; round < 5; round++) {
        for (int user = 0; user < 30; user++) {
          String body = raw.get("reviews", "/", Map.of("x-user", "user-" + user)).body();
          String first = backendOf.putIfAbsent("user-" + user, body);
          assertTrue(first == null || first.equals(body), "user-" + user + " moved from " + first + " to " + body);
        }
      }
      assertEquals(3, new HashSet<>(backendOf.values()).size(), "30 users spread over all three backends: " + backendOf);
    }
  }

  @Test
  void shouldGiveAClientWithoutTheCookieOneThatKeepsItOnOneBackend() throws Exception {
    ConsistentHashSpec onCookie = ConsistentHashSpec.newBuilder().setHttpCookieName("session")
        .setHttpCookiePath("/").setHttpCookieTtlMs(60_000L).build();
    try (BackendApp a = BackendApp.start("a"); BackendApp b = BackendApp.start("b"); BackendApp c = BackendApp.start("c");
        Sidecar client = clientWith(List.of(a, b, c), "RING_HASH", onCookie);
        RawHttpClient raw = new RawHttpClient(client.outboundPort())) {
      RawHttpClient.Response first = raw.get("reviews", "/");
      String setCookie = first.headers().get("set-cookie");
      assertTrue(setCookie != null && setCookie.matches("session=[0-9a-f]{16}; Max-Age=60; Expires=.*; Path=/; HTTPOnly"),
          "Set-Cookie: " + setCookie);
      String cookie = setCookie.substring(0, setCookie.indexOf(';'));
      for (int i = 0; i < 20; i++) {
        RawHttpClient.Response next = raw.get("reviews", "/", Map.of("cookie", cookie));
        assertEquals(first.body(), next.body(), "request " + i + " with the cookie left its backend");
        assertEquals(null, next.headers().get("set-cookie"), "a client that has the cookie gets no new one");
      }
    }
  }

  @Test
  void shouldUseEveryBackendWithRandomAndWithLeastRequest() throws Exception {
    for (String policy : List.of("RANDOM", "LEAST_REQUEST")) {
      try (BackendApp a = BackendApp.start("a"); BackendApp b = BackendApp.start("b"); BackendApp c = BackendApp.start("c");
          Sidecar client = clientWith(List.of(a, b, c), policy, null);
          RawHttpClient raw = new RawHttpClient(client.outboundPort())) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 60; i++) {
          seen.add(raw.get("reviews", "/").body());
        }
        assertEquals(Set.of("a", "b", "c"), seen, policy);
        assertEquals(60, a.requests() + b.requests() + c.requests(), policy);
      }
    }
  }
}
