package dev.meshlog.engine.ca.signer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.engine.ca.BootstrapTokens;
import dev.meshlog.engine.ca.CaDirectory;
import dev.meshlog.engine.ca.CaSettings;
import dev.meshlog.engine.ca.MeshCa;
import dev.meshlog.engine.ca.SpiffeId;
import dev.meshlog.engine.ca.TokenKeyFile;
import dev.meshlog.engine.ca.UsedNonces;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaConfigTest {

  @TempDir
  Path dir;

  @Test
  void shouldDefaultToClusterLocalAnd24HoursAndNeverPrintThePassphrase() {
    CaConfig config = CaConfig.ownCa(CaSettings.defaults(dir, "cluster.local"), "hunter2-secret".toCharArray());

    assertEquals("cluster.local", config.trustDomain());
    assertEquals(Duration.ofHours(24), config.workloadTtl());
    assertEquals(Duration.ofSeconds(30), config.bundleCheckInterval());
    assertEquals(Duration.ofSeconds(60), config.checkpointInterval());
    assertEquals(Duration.ofSeconds(2), config.withCheckpointInterval(Duration.ofSeconds(2)).checkpointInterval());
    assertFalse(config.toString().contains("hunter2"), config.toString());
    assertTrue(config.toString().contains("****"));
  }

  @Test
  void shouldRejectAnInvalidTrustDomainAndAnOwnCaWithoutPassphrase() {
    CaConfig config = CaConfig.ownCa(CaSettings.defaults(dir, "x"), "pw".toCharArray());
    assertThrows(IllegalArgumentException.class, () -> config.withTrustDomain("Not A Domain"));
    assertThrows(IllegalArgumentException.class, () -> config.withWorkloadTtl(Duration.ZERO));
    assertThrows(IllegalArgumentException.class, () -> config.withCheckpointInterval(Duration.ZERO));
    assertThrows(IllegalArgumentException.class, () -> CaConfig.ownCa(CaSettings.defaults(dir, "x"), new char[0]));
  }

  @Test
  void shouldSignWithAPluginCaInIstiosCacertsLayout() throws Exception {
    Path cacerts = dir.resolve("cacerts");
    var own = MeshCa.loadOrCreate(CaSettings.defaults(cacerts, "cluster.local"), "pw".toCharArray(), Clock.systemUTC());
    Files.delete(cacerts.resolve("root-key.pem")); // a plug-in CA never hands the mesh its root key

    CaAuthority authority = DirectoryCaAuthority.open(CaConfig.pluginCa(cacerts, "pw".toCharArray()));

    assertEquals(own.certificate(), authority.signingCa().certificate());
    assertEquals(List.of(own.root()), authority.trustBundle(Instant.now()).roots());
  }

  @Test
  void shouldIssueTokensTheSignerRedeemsWithTheKeyInTheCaDirectory() {
    CaConfig config = CaConfig.ownCa(CaSettings.defaults(dir, "x"), "pw".toCharArray()).withTrustDomain("mesh.example");
    SpiffeId reviews = SpiffeId.parse("spiffe://mesh.example/ns/bookinfo/sa/reviews");

    String token = BootstrapTokenIssuer.forCa(config).issue(reviews, Duration.ofMinutes(10));

    Clock clock = Clock.systemUTC();
    new BootstrapTokens(TokenKeyFile.loadOrCreate(config.settings().files()), clock, UsedNonces.inMemory(clock)).redeem(token, reviews);
    assertThrows(IllegalArgumentException.class, () -> BootstrapTokenIssuer.forCa(config)
        .issue(SpiffeId.parse("spiffe://cluster.local/ns/bookinfo/sa/reviews"), Duration.ofMinutes(10)), "another trust domain");
  }

  @Test
  void shouldDeriveOneTokenKeyFromAPluginCaForEveryInstanceAndWriteNothingThere() throws Exception {
    Path cacerts = dir.resolve("cacerts");
    MeshCa.loadOrCreate(CaSettings.defaults(cacerts, "cluster.local"), "pw".toCharArray(), Clock.systemUTC());
    Files.delete(cacerts.resolve("root-key.pem"));
    Files.deleteIfExists(cacerts.resolve(CaDirectory.TOKEN_KEY)); // an operator's cacerts has none
    List<Path> before = listing(cacerts);
    CaConfig plugin = CaConfig.pluginCa(cacerts, "pw".toCharArray());
    SpiffeId reviews = SpiffeId.parse("spiffe://cluster.local/ns/bookinfo/sa/reviews");

    String token = BootstrapTokenIssuer.forCa(plugin).issue(reviews, Duration.ofMinutes(10));
    SignerSetup instanceA = SignerSetup.from(plugin);
    SignerSetup instanceB = SignerSetup.from(plugin);

    assertArrayEquals(instanceA.tokenKey(), instanceB.tokenKey(), "every engine instance redeems the same tokens");
    Clock clock = Clock.systemUTC();
    new BootstrapTokens(instanceB.tokenKey(), clock, UsedNonces.inMemory(clock)).redeem(token, reviews);
    assertEquals(before, listing(cacerts), "nothing written into the operator's cacerts directory");
  }

  private static List<Path> listing(Path directory) throws java.io.IOException {
    try (var files = Files.list(directory)) {
      return files.sorted().toList();
    }
  }
}
