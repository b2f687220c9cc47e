package dev.meshlog.proxy.route;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meshlog.proxy.balance.HashPolicy;
import dev.meshlog.proxy.balance.LoadBalancing;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClusterTest {

  @Test
  void shouldBalanceRoundRobinUnlessToldOtherwise() {
    assertEquals(LoadBalancing.ROUND_ROBIN, new Cluster("outbound|80||a", "a", Optional.empty(), 80, List.of()).loadBalancing());
    assertEquals(LoadBalancing.ROUND_ROBIN, new Cluster("outbound|80||a", "a", Optional.empty(), 80, List.of(), null).loadBalancing());
    LoadBalancing sticky = LoadBalancing.ringHash(new HashPolicy.Header("x-user"), 1024);
    assertEquals(sticky, new Cluster("outbound|80||a", "a", Optional.empty(), 80, List.of(), sticky).loadBalancing());
  }
}
