package dev.meshlog.cli.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshlog.avro.ProxyStatus;
import dev.meshlog.avro.ProxySyncState;
import dev.meshlog.cli.read.ClusterInventory.Workload;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProxiesJsonTest {

  private static final Instant NOW = Instant.parse("2026-11-26T10:10:00Z");
  private final ObjectMapper json = new ObjectMapper();

  private static ProxyStatus status(String proxy, ProxySyncState state, long sent, long acked, Long nacked, String error) {
    return ProxyStatus.newBuilder().setProxyId(proxy).setState(state)
        .setSentVersion(sent).setSentHash("abc" + sent).setSentTime(NOW.minusSeconds(30))
        .setAckedVersion(acked).setAckedHash("abc" + acked).setAckedTime(NOW.minusSeconds(29))
        .setNackedVersion(nacked).setNackError(error)
        .setTime(NOW.minusSeconds(29)).build();
  }

  private static Workload workload(String ns, String proxy, String service) {
    return new Workload(ns, proxy, service, Optional.of(proxy), Map.of("app", service));
  }

  @Test
  void shouldListEveryProxyWithTheProxyStatusRuleAndItsWorkloadAndVersions() throws Exception {
    Map<String, Object> out = ProxiesJson.of(Map.of(
            "reviews-v1", status("reviews-v1", ProxySyncState.SYNCED, 12, 12, null, null),
            "reviews-v2", status("reviews-v2", ProxySyncState.NACKED, 14, 12, 14L, "route names missing cluster <v3>")),
        List.of(workload("default", "reviews-v1", "reviews"), workload("default", "reviews-v2", "reviews"),
            workload("prod", "ratings-v1", "ratings")),
        NOW);
    assertEquals(json.readTree("""
        {"time": "2026-11-26T10:10:00Z", "proxies": [
          {"id": "ratings-v1", "namespace": "prod", "workload": "ratings-v1", "service": "ratings", "status": "NOT SENT",
           "sentVersion": null, "sentHash": null, "sentTime": null, "ackedVersion": null, "ackedTime": null,
           "nackedVersion": null, "nackError": null, "updated": null},
          {"id": "reviews-v1", "namespace": "default", "workload": "reviews-v1", "service": "reviews", "status": "SYNCED",
           "sentVersion": 12, "sentHash": "abc12", "sentTime": "2026-11-26T10:09:30Z", "ackedVersion": 12,
           "ackedTime": "2026-11-26T10:09:31Z", "nackedVersion": null, "nackError": null, "updated": "2026-11-26T10:09:31Z"},
          {"id": "reviews-v2", "namespace": "default", "workload": "reviews-v2", "service": "reviews", "status": "NACKED",
           "sentVersion": 14, "sentHash": "abc14", "sentTime": "2026-11-26T10:09:30Z", "ackedVersion": 12,
           "ackedTime": "2026-11-26T10:09:31Z", "nackedVersion": 14, "nackError": "route names missing cluster <v3>",
           "updated": "2026-11-26T10:09:31Z"}
        ]}"""), json.readTree(json.writeValueAsString(out)), "the JSON a client reads");
  }

  @Test
  void shouldKeepAProxyWhoseWorkloadIsGoneWithoutANamespace() throws Exception {
    Map<String, Object> out = ProxiesJson.of(Map.of("old", status("old", ProxySyncState.STALE, 3, 2, null, null)), List.of(), NOW);
    var proxy = json.valueToTree(out).get("proxies").get(0);
    assertEquals("STALE", proxy.get("status").asText());
    assertEquals(true, proxy.get("namespace").isNull());
    assertEquals(3, proxy.get("sentVersion").asLong());
  }
}
