package dev.meshlog.proxy.route;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meshlog.proxy.snapshot.AppliedConfig;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class UnconfiguredRouteTableTest {

  @Test
  void shouldAnswer503NoConfigBeforeTheFirstSnapshot() {
    Dispatch d = AppliedConfig.NONE.routes().dispatch("reviews.default.svc.cluster.local:80", new Random(1));

    assertEquals(new Dispatch.Fail(503, "NC", "reviews.default.svc.cluster.local", ""), d);
  }

  @Test
  void shouldStillSayNoRouteWhenAConfigLacksTheHost() {
    Dispatch d = RouteTable.of(List.of(), List.of()).dispatch("reviews", new Random(1));

    assertEquals(Dispatch.Fail.noRoute("reviews"), d);
  }
}
