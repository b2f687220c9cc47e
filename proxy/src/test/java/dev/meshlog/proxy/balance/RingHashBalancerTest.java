package dev.meshlog.proxy.balance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class RingHashBalancerTest {

  private static final HashPolicy USER = new HashPolicy.Header("x-user");
  private static final List<String> TEN = endpoints(10);

  @Test
  void shouldBuildTheSameRingAsEnvoy() {
    // Envoy's RingHashLoadBalancerTest.Basic: six hosts, minimum ring size 12, xxHash. Its ring, in
    // order: :94 833437586790550860, :92, :90, :95 3551244743356806947, :93 3851675632748031481, ...,
    // :90 16117243373044804889.
    List<String> hosts = List.of("127.0.0.1:90", "127.0.0.1:91", "127.0.0.1:92", "127.0.0.1:93", "127.0.0.1:94", "127.0.0.1:95");
    RingHashBalancer<String> balancer = new RingHashBalancer<>(hosts, e -> 1, Function.identity(), Optional.of(USER), 12);
    assertEquals(12, balancer.ringSize());
    assertEquals(Optional.of(hosts.get(4)), balancer.pickAt(0));
    assertEquals(Optional.of(hosts.get(4)), balancer.pickAt(-1)); // 2^64 - 1 wraps to the first entry
    assertEquals(Optional.of(hosts.get(5)), balancer.pickAt(3551244743356806947L));
    assertEquals(Optional.of(hosts.get(3)), balancer.pickAt(3551244743356806948L));
    // No key: Envoy's random draw becomes the position.
    RandomGenerator draw = () -> Long.parseUnsignedLong("16117243373044804880");
    assertEquals(Optional.of(hosts.get(0)), balancer.pick(PickContext.withRandom(draw)));
  }

  @Test
  void shouldSendTheSameKeyToTheSameEndpoint() {
    RingHashBalancer<String> balancer = ring(TEN, USER);
    for (int user = 0; user < 200; user++) {
      FakeRequest request = FakeRequest.seeded(user).header("x-user", "user-" + user);
      String first = balancer.pick(request).orElseThrow();
      for (int again = 0; again < 5; again++) {
        assertEquals(first, balancer.pick(request).orElseThrow());
      }
      // A balancer built again from the same snapshot agrees: the ring depends on content only.
      assertEquals(first, ring(TEN, USER).pick(request).orElseThrow());
    }
  }

  @Test
  void shouldSpreadKeysOverEndpoints() {
    Tally tally = new Tally();
    RingHashBalancer<String> balancer = ring(TEN, USER);
    for (int user = 0; user < 20_000; user++) {
      tally.add(balancer.pick(FakeRequest.seeded(0).header("x-user", "user-" + user)).orElseThrow());
    }
    for (String endpoint : TEN) {
      tally.assertShare(endpoint, 0.1, 0.04);
    }
  }

  @Test
  void shouldMoveOnlyAFewKeysWhenOneOfNEndpointsLeaves() {
    RingHashBalancer<String> before = ring(TEN, USER);
    RingHashBalancer<String> after = ring(TEN.subList(0, 9), USER);
    int keys = 20_000;
    int moved = 0;
    for (int user = 0; user < keys; user++) {
      FakeRequest request = FakeRequest.seeded(0).header("x-user", "user-" + user);
      String was = before.pick(request).orElseThrow();
      String is = after.pick(request).orElseThrow();
      if (was.equals(TEN.get(9))) {
        assertNotEquals(was, is);
      }
      moved += was.equals(is) ? 0 : 1;
    }
    double share = moved / (double) keys;
    // The leaver's keys (~1/N) move. With Envoy's ring sizing each survivor also gains entries
    // (ceil(1024/9) = 114 instead of ceil(1024/10) = 103), which take about another 1/N: a modulo
    // hash would move 9/10 of the keys instead.
    assertTrue(share > 0.05 && share < 0.25, "moved " + share + " of keys");
  }

  @Test
  void shouldGiveAHeavierEndpointMoreOfTheRing() {
    Map<String, Integer> weights = Map.of("a", 1, "b", 3);
    RingHashBalancer<String> balancer =
        new RingHashBalancer<>(List.of("a", "b"), weights::get, Function.identity(), Optional.of(USER), 1024);
    Tally tally = new Tally();
    for (int user = 0; user < 20_000; user++) {
      tally.add(balancer.pick(FakeRequest.seeded(0).header("x-user", "user-" + user)).orElseThrow());
    }
    tally.assertShare("b", 0.75, 0.05);
  }

  @Test
  void shouldHoldAtLeastTheMinimumRingSize() {
    assertTrue(ring(endpoints(3), USER).ringSize() >= 1024);
    RingHashBalancer<String> small =
        new RingHashBalancer<>(endpoints(3), e -> 1, Function.identity(), Optional.of(USER), 16);
    assertTrue(small.ringSize() >= 16 && small.ringSize() < 24, "ring of " + small.ringSize());
    RingHashBalancer<String> huge =
        new RingHashBalancer<>(endpoints(3), e -> 1, Function.identity(), Optional.of(USER), Long.MAX_VALUE);
    assertTrue(huge.ringSize() <= RingHashBalancer.MAXIMUM_RING_SIZE + 3, "ring of " + huge.ringSize());
  }

  @Test
  void shouldPickAtRandomWhenTheRequestHasNoKey() {
    RingHashBalancer<String> balancer = ring(endpoints(4), USER);
    Tally tally = Tally.of(balancer, FakeRequest.seeded(23), 20_000);
    assertEquals(4, tally.counts.size(), tally.counts.toString());
    for (String endpoint : endpoints(4)) {
      tally.assertShare(endpoint, 0.25, 0.08);
    }
  }

  @Test
  void shouldHashTheSourceIp() {
    RingHashBalancer<String> balancer = ring(TEN, new HashPolicy.SourceIp());
    List<String> picked = new ArrayList<>();
    for (int client = 0; client < 50; client++) {
      String ip = "10.0.0." + client;
      picked.add(balancer.pick(FakeRequest.seeded(client).from(ip)).orElseThrow());
      assertEquals(picked.get(client), balancer.pick(FakeRequest.seeded(client + 100).from(ip)).orElseThrow());
    }
    assertTrue(picked.stream().distinct().count() > 5, picked.toString());
  }

  @Test
  void shouldHashACookieAndMakeOneUpWhenItHasATtl() {
    HashPolicy sticky = new HashPolicy.Cookie("session", Optional.of("/"), Optional.of(Duration.ofMinutes(5)));
    RingHashBalancer<String> balancer = ring(TEN, sticky);
    FakeRequest first = FakeRequest.seeded(1).from("10.1.2.3");
    String endpoint = balancer.pick(first).orElseThrow();
    assertEquals(1, first.generated.size());
    FakeRequest.SetCookie cookie = first.generated.get(0);
    assertEquals("session", cookie.name());
    assertEquals(16, cookie.value().length());

    // The client comes back with the cookie, from anywhere: same endpoint, no new cookie.
    FakeRequest next = FakeRequest.seeded(2).from("192.168.0.9").cookie("session", cookie.value());
    assertEquals(endpoint, balancer.pick(next).orElseThrow());
    assertTrue(next.generated.isEmpty());
  }

  @Test
  void shouldNotMakeUpACookieWithoutATtl() {
    FakeRequest request = FakeRequest.seeded(1).from("10.1.2.3");
    HashPolicy cookie = new HashPolicy.Cookie("session", Optional.empty(), Optional.empty());
    assertEquals(Optional.empty(), cookie.keyOf(request));
    assertTrue(ring(TEN, cookie).pick(request).isPresent());
    assertTrue(request.generated.isEmpty());
  }

  @Test
  void shouldPickEmptyFromNoEndpoints() {
    assertEquals(Optional.empty(), ring(List.of(), USER).pick(FakeRequest.seeded(1).header("x-user", "u")));
  }

  private static RingHashBalancer<String> ring(List<String> endpoints, HashPolicy hashOn) {
    return new RingHashBalancer<>(endpoints, e -> 1, Function.identity(), Optional.of(hashOn), LoadBalancing.DEFAULT_MINIMUM_RING_SIZE);
  }

  private static List<String> endpoints(int n) {
    List<String> endpoints = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      endpoints.add("10.0.0." + (i + 1) + ":8080");
    }
    return List.copyOf(endpoints);
  }
}
