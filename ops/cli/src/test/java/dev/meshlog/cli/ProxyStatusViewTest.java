package dev.meshlog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.avro.ProxyStatus;
import dev.meshlog.avro.ProxySyncState;
import dev.meshlog.cli.read.ClusterInventory;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProxyStatusViewTest {

  private static final Instant NOW = Instant.parse("2026-01-02T00:10:00Z");

  private static ProxyStatus status(String proxy, ProxySyncState state, Long sent, Long acked, Long nacked, String error) {
    return ProxyStatus.newBuilder().setProxyId(proxy).setState(state)
        .setSentVersion(sent).setSentHash(sent == null ? null : "abcdef0123456789").setSentTime(sent == null ? null : NOW.minusSeconds(30))
        .setAckedVersion(acked).setAckedHash(null).setAckedTime(acked == null ? null : NOW.minusSeconds(29))
        .setNackedVersion(nacked).setNackError(error)
        .setTime(NOW.minusSeconds(29)).build();
  }

  @Test
  void shouldListEveryProxyWithStateVersionsAndAgeAndRegisteredOnesNotSentYet() {
    String table = ProxyStatusView.table(Map.of(
            "client", status("client", ProxySyncState.SYNCED, 12L, 12L, null, null),
            "reviews-v1", status("reviews-v1", ProxySyncState.NACKED, 14L, 12L, 14L, "unknown cluster")),
        Map.of("client", "default", "reviews-v1", "default", "ratings-v1", "prod"), NOW);
    assertEquals("""
        NAME         NAMESPACE   STATE      SENT VERSION   ACKED VERSION   AGE
        client       default     SYNCED     12             12              29s
        ratings-v1   prod        NOT SENT   -              -               -
        reviews-v1   default     NACKED     14             12              29s
        """, table);
  }

  @Test
  void shouldShowTheNackErrorInTheDetailOfOneProxy() {
    String detail = ProxyStatusView.detail("reviews-v1",
        Optional.of(status("reviews-v1", ProxySyncState.NACKED, 14L, 12L, 14L, "route names missing cluster outbound|80|v3|reviews")),
        Optional.of(new ClusterInventory.Workload("default", "reviews-v1", "reviews", Optional.of("reviews-v1"), Map.of("app", "reviews"))),
        NOW);
    assertTrue(detail.contains("State:          NACKED"), detail);
    assertTrue(detail.contains("Namespace:      default"), detail);
    assertTrue(detail.contains("Sent version:   14 (hash abcdef012345, "), detail);
    assertTrue(detail.contains("NACK error:     route names missing cluster outbound|80|v3|reviews"), detail);
  }

  @Test
  void shouldSpellNotSentWithASpaceAsIstioctlDoes() {
    assertEquals("NOT SENT", ProxyStatusView.state(ProxySyncState.NOT_SENT));
  }
}
