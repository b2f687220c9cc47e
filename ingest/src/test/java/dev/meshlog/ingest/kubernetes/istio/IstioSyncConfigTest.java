package dev.meshlog.ingest.kubernetes.istio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IstioSyncConfigTest {

  @Test
  void shouldReconcileOnlyTheWatchedNamespace() {
    IstioSyncConfig shop = IstioSyncConfig.defaults().withNamespace("shop");
    assertTrue(shop.watches("VirtualService/shop/reviews"));
    assertFalse(shop.watches("VirtualService/istio-system/reviews"), "a deletion outside the watched namespace is not ours to find");
    assertTrue(IstioSyncConfig.defaults().watches("VirtualService/istio-system/reviews"));
    assertEquals(Optional.empty(), IstioSyncConfig.defaults().withNamespace(" ").namespace(), "blank means all namespaces");
  }

  @Test
  void shouldRefuseANegativeResync() {
    assertThrows(IllegalArgumentException.class, () -> IstioSyncConfig.defaults().withResync(Duration.ofSeconds(-1)));
  }
}
