package dev.meshlog.proxy.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import org.junit.jupiter.api.Test;

class WorkloadIdentityConfigTest {

  @Test
  void shouldNameTheWorkloadAsIstioDoesWithItsDefaults() {
    WorkloadIdentityConfig config = WorkloadIdentityConfig.withToken("secret-token");

    assertEquals(URI.create("spiffe://cluster.local/ns/shop/sa/default"), config.identity("shop"));
    assertEquals(URI.create("spiffe://example.org/ns/shop/sa/reviews"),
        config.withTrustDomain("example.org").withServiceAccount("reviews").identity("shop"));
  }

  @Test
  void shouldNeverShowTheTokenAndRequireOne() {
    assertFalse(WorkloadIdentityConfig.withToken("secret-token").toString().contains("secret-token"));
    assertThrows(IllegalArgumentException.class, () -> WorkloadIdentityConfig.withToken(" "));
  }
}
