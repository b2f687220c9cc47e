package dev.meshlog.proxy.balance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Every balancer skips endpoints outlier detection ejected, and picks nothing when all are. */
class EjectedEndpointsTest {

  /** A health flag the test flips. */
  private static final class Flag implements HostHealth {
    volatile boolean ejected;

    @Override
    public boolean isEjected() {
      return ejected;
    }
  }

  private final List<Flag> flags = List.of(new Flag(), new Flag(), new Flag(), new Flag());
  private final List<LbEndpoint<String>> endpoints = new ArrayList<>();

  EjectedEndpointsTest() {
    String[] names = {"a", "b", "c", "d"};
    int[] weights = {1, 2, 1, 3};
    for (int i = 0; i < names.length; i++) {
      endpoints.add(new LbEndpoint<>(names[i], weights[i], "10.0.0." + (i + 1) + ":8080", new ActiveRequests(), flags.get(i)));
    }
  }

  private static List<LoadBalancing> policies() {
    return List.of(LoadBalancing.ROUND_ROBIN, LoadBalancing.RANDOM, LoadBalancing.LEAST_REQUEST,
        LoadBalancing.ringHash(new HashPolicy.Header("x-user"), 1024));
  }

  private static Tally pick(Balancer<LbEndpoint<String>> balancer, int times) {
    Tally tally = new Tally();
    for (int i = 0; i < times; i++) {
      tally.add(balancer.pick(FakeRequest.seeded(i).header("x-user", "user-" + i)).orElseThrow().endpoint());
    }
    return tally;
  }

  @Test
  void shouldNeverPickAnEjectedEndpoint() {
    flags.get(1).ejected = true;
    flags.get(3).ejected = true;
    for (LoadBalancing policy : policies()) {
      Tally tally = pick(Balancers.of(policy, endpoints), 2_000);
      assertEquals(0, tally.counts.getOrDefault("b", 0) + tally.counts.getOrDefault("d", 0), policy + " " + tally.counts);
      assertTrue(tally.counts.getOrDefault("a", 0) > 0 && tally.counts.getOrDefault("c", 0) > 0, policy + " " + tally.counts);
    }
  }

  @Test
  void shouldPickNothingWhenEveryEndpointIsEjected() {
    flags.forEach(flag -> flag.ejected = true);
    for (LoadBalancing policy : policies()) {
      Balancer<LbEndpoint<String>> balancer = Balancers.of(policy, endpoints);
      assertEquals(Optional.empty(), balancer.pick(FakeRequest.seeded(1).header("x-user", "u")), policy.toString());
    }
  }

  @Test
  void shouldShareAnEjectedEndpointsTurnsByWeightAmongTheHealthy() {
    flags.get(3).ejected = true; // d (weight 3) out: a 1, b 2, c 1 remain
    for (LoadBalancing policy : List.of(LoadBalancing.ROUND_ROBIN, LoadBalancing.RANDOM)) {
      Tally tally = pick(Balancers.of(policy, endpoints), 8_000);
      assertEquals(0.25, tally.share("a"), 0.03, policy + " " + tally.counts);
      assertEquals(0.50, tally.share("b"), 0.03, policy + " " + tally.counts);
      assertEquals(0.25, tally.share("c"), 0.03, policy + " " + tally.counts);
    }
  }

  @Test
  void shouldPickTheOnlyHealthyEndpointWithLeastRequest() {
    flags.get(0).ejected = true;
    flags.get(1).ejected = true;
    flags.get(2).ejected = true;
    Tally tally = pick(Balancers.of(LoadBalancing.LEAST_REQUEST, endpoints), 200);
    assertEquals(200, tally.counts.get("d"), tally.counts.toString());
  }

  @Test
  void shouldMoveOnlyTheEjectedEndpointsKeysOnTheRing() {
    Balancer<LbEndpoint<String>> ring = Balancers.of(LoadBalancing.ringHash(new HashPolicy.Header("x-user"), 1024), endpoints);
    List<String> before = new ArrayList<>();
    for (int user = 0; user < 500; user++) {
      before.add(ring.pick(FakeRequest.seeded(user).header("x-user", "user-" + user)).orElseThrow().endpoint());
    }
    flags.get(2).ejected = true;
    int moved = 0;
    for (int user = 0; user < 500; user++) {
      String now = ring.pick(FakeRequest.seeded(user).header("x-user", "user-" + user)).orElseThrow().endpoint();
      if (before.get(user).equals("c")) {
        assertNotEquals("c", now);
        moved++;
      } else {
        assertEquals(before.get(user), now, "a key of a healthy endpoint stays");
      }
    }
    assertTrue(moved > 0, "some keys were on c");
    flags.get(2).ejected = false;
    for (int user = 0; user < 500; user++) {
      assertEquals(before.get(user), ring.pick(FakeRequest.seeded(user).header("x-user", "user-" + user)).orElseThrow().endpoint(),
          "once c is back its keys return");
    }
  }
}
