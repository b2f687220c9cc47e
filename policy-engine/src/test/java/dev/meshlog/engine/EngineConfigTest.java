package dev.meshlog.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.engine.ca.CaSettings;
import dev.meshlog.engine.ca.signer.CaConfig;
import dev.meshlog.engine.snapshot.Debounce;
import dev.meshlog.schemas.Topics;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class EngineConfigTest {

  private static final EngineConfig DEFAULTS = EngineConfig.defaults("localhost:9092", Topics.DEFAULT, Path.of("state"));

  @Test
  void shouldDefaultToIstiosTrustDomainAndKeepItThroughEveryFactory() {
    assertEquals("cluster.local", DEFAULTS.trustDomain());

    EngineConfig config = DEFAULTS.withTrustDomain("corp.example")
        .withApplicationIdPrefix("p").withReplicationFactor(3).withDebounce(new Debounce(Duration.ofMillis(50), Duration.ofSeconds(1)));

    assertEquals("corp.example", config.trustDomain());
    assertEquals("p", config.applicationIdPrefix());
    assertEquals(3, config.replicationFactor());
    assertEquals(DEFAULTS.withTrustDomain("other.example").withTrustDomain("corp.example").trustDomain(), config.trustDomain());
  }

  @Test
  void shouldRefuseATrustDomainThatIsNotADnsLikeName() {
    for (String bad : new String[] {"", "Cluster.Local", "cluster..local", "-cluster.local", "cluster.local.", "a/b", "spiffe://x",
        "under_score.example", "x".repeat(64) + ".example"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DEFAULTS.withTrustDomain(bad), bad);
      assertTrue(e.getMessage().contains("trust domain"), e.getMessage());
    }
    assertThrows(IllegalArgumentException.class, () -> DEFAULTS.withTrustDomain(null));
    assertEquals("a-1.b2.example", DEFAULTS.withTrustDomain("a-1.b2.example").trustDomain());
  }

  @Test
  void shouldSignInTheEnginesTrustDomainWhicheverIsSetFirst() {
    CaConfig ca = CaConfig.ownCa(CaSettings.defaults(Path.of("ca"), "corp.example"), "secret".toCharArray());

    EngineConfig caLast = DEFAULTS.withTrustDomain("corp.example").withCa(ca);
    EngineConfig caFirst = DEFAULTS.withCa(ca).withTrustDomain("corp.example");

    assertEquals("corp.example", caLast.ca().orElseThrow().trustDomain());
    assertEquals("corp.example", caFirst.ca().orElseThrow().trustDomain());
    assertThrows(IllegalArgumentException.class, () -> new EngineConfig("localhost:9092", Topics.DEFAULT, "p", Path.of("s"), 1,
        Duration.ofMillis(100), Duration.ofSeconds(10), "cluster.local", java.util.Optional.of(ca.withTrustDomain("other.example")),
        dev.meshlog.schemas.KafkaClientSettings.NONE, java.util.Optional.empty(), 1,
        dev.meshlog.schemas.GroupSessionTimeout.DEFAULT));
  }

  @Test
  void shouldRunWithDynamicMembershipAndOneStandbyReplicaByDefault() {
    assertEquals(java.util.Optional.empty(), DEFAULTS.instanceId());
    assertEquals(1, DEFAULTS.standbyReplicas());
    assertEquals(java.util.Optional.of("meshlog-engine-0"), DEFAULTS.withInstanceId("meshlog-engine-0").instanceId());
  }

  @Test
  void shouldRefuseAnInstanceIdAPodNameCouldNotBe() {
    for (String bad : java.util.List.of("", "engine 0", "engine/0", "x".repeat(201))) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DEFAULTS.withInstanceId(bad), bad);
      assertTrue(e.getMessage().startsWith("instance id"), e.getMessage());
    }
    assertEquals("x".repeat(200), DEFAULTS.withInstanceId("x".repeat(200)).instanceId().orElseThrow());
    assertThrows(IllegalArgumentException.class, () -> DEFAULTS.withStandbyReplicas(-1));
  }
}
