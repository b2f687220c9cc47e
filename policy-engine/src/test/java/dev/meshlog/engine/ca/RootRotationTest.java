package dev.meshlog.engine.ca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RootRotationTest {

  private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  private static final char[] PASSPHRASE = "pw".toCharArray();

  @TempDir
  Path dir;

  @Test
  void shouldTrustBothRootsDuringTheOverlapAndOnlyTheNewOneAfter() {
    CaSettings settings = CaSettings.defaults(dir, "cluster.local");
    SigningCa old = MeshCa.loadOrCreate(settings, PASSPHRASE, at(NOW));

    RootRotation rotation = MeshCa.rotateRoot(settings, PASSPHRASE, Duration.ofHours(25), at(NOW.plusSeconds(60)));

    assertNotEquals(old.root(), rotation.ca().root());
    assertEquals(old.root(), rotation.previous().root());
    assertEquals(NOW.plusSeconds(60).plus(Duration.ofHours(25)), rotation.previous().trustEnds());
    assertEquals(List.of(old.root(), rotation.ca().root()), TrustedRoots.at(settings.files(), NOW.plus(Duration.ofHours(1))).roots(),
        "old first, the root that signs now last");
    assertEquals(List.of(rotation.ca().root()), TrustedRoots.at(settings.files(), NOW.plus(Duration.ofHours(26))).roots());
    assertTrue(Files.exists(settings.files().previousRootCert()));
    SigningCa reloaded = MeshCa.loadOrCreate(settings, PASSPHRASE, at(NOW.plus(Duration.ofHours(2))));
    assertEquals(rotation.ca().root(), reloaded.root(), "the new CA is what loads from now on");
  }

  @Test
  void shouldRefuseToRotateAgainWhileTheOverlapLasts() {
    CaSettings settings = CaSettings.defaults(dir, "cluster.local");
    MeshCa.loadOrCreate(settings, PASSPHRASE, at(NOW));
    MeshCa.rotateRoot(settings, PASSPHRASE, Duration.ofHours(25), at(NOW));

    assertThrows(IllegalStateException.class, () -> MeshCa.rotateRoot(settings, PASSPHRASE, Duration.ofHours(1), at(NOW.plusSeconds(10))));
    MeshCa.rotateRoot(settings, PASSPHRASE, Duration.ofHours(1), at(NOW.plus(Duration.ofHours(26))));
  }

  @Test
  void shouldKeepTheOldRootWhenThePassphraseIsWrong() throws Exception {
    CaSettings settings = CaSettings.defaults(dir, "cluster.local");
    SigningCa old = MeshCa.loadOrCreate(settings, PASSPHRASE, at(NOW));

    assertThrows(CaFileException.class, () -> MeshCa.rotateRoot(settings, "wrong".toCharArray(), Duration.ofHours(1), at(NOW)));

    assertEquals(old.root(), PemFiles.readCertificate(settings.files().rootCert()));
    assertTrue(Files.notExists(settings.files().previousRootCert()));
  }

  @Test
  void shouldCreateAPrivateTokenKeyOnceAndReadItBack() throws Exception {
    CaDirectory files = new CaDirectory(dir.resolve("fresh"));
    byte[] key = TokenKeyFile.loadOrCreate(files);

    assertEquals(32, key.length);
    assertEquals(SecureFiles.OWNER_ONLY, Files.getPosixFilePermissions(files.tokenKey()));
    org.junit.jupiter.api.Assertions.assertArrayEquals(key, TokenKeyFile.loadOrCreate(files));
  }

  private static Clock at(Instant instant) {
    return Clock.fixed(instant, ZoneOffset.UTC);
  }
}
