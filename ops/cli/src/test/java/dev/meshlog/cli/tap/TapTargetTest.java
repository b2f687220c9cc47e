package dev.meshlog.cli.tap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class TapTargetTest {

  @Test
  void shouldAcceptABareNameAndTheDeployAndWorkloadPrefixes() {
    for (String text : new String[] {"reviews-v1", "deploy/reviews-v1", "deployment/reviews-v1", "workload/reviews-v1"}) {
      assertEquals(new TapTarget("reviews-v1", Optional.empty()), TapTarget.parse(text, null), text);
    }
    assertEquals(new TapTarget("reviews-v1", Optional.of("shop")), TapTarget.parse("deploy/reviews-v1", "shop"));
  }

  @Test
  void shouldRefuseOtherKindsAndMalformedNamesNamingWhatIsAccepted() {
    var service = assertThrows(IllegalArgumentException.class, () -> TapTarget.parse("svc/reviews", null));
    assertTrue(service.getMessage().startsWith("WORKLOAD: 'svc/reviews'") && service.getMessage().contains("deploy/NAME"), service.getMessage());
    assertThrows(IllegalArgumentException.class, () -> TapTarget.parse("deploy/", null));
    assertThrows(IllegalArgumentException.class, () -> TapTarget.parse("a b", null));
    assertThrows(IllegalArgumentException.class, () -> TapTarget.parse(null, null));
    var ns = assertThrows(IllegalArgumentException.class, () -> TapTarget.parse("reviews-v1", "bad ns"));
    assertTrue(ns.getMessage().startsWith("--namespace"), ns.getMessage());
  }

  @Test
  void shouldMatchTheNamespaceOnlyWhenOneWasGiven() {
    Peer inShop = new Peer("reviews-v1", "shop", "reviews", "v1", "unknown");
    assertTrue(TapTarget.parse("reviews-v1", null).is(inShop));
    assertTrue(TapTarget.parse("reviews-v1", "shop").is(inShop));
    assertFalse(TapTarget.parse("reviews-v1", "default").is(inShop));
    assertFalse(TapTarget.parse("reviews-v2", null).is(inShop));
  }
}
