package dev.meshlog.engine.ca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.interfaces.ECPrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MeshCaTest {

  private static final char[] PASSPHRASE = "correct horse battery staple".toCharArray();
  private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  @TempDir
  Path dir;

  @Test
  void shouldReloadTheSameRootAndIntermediateWithTheSamePassphrase() {
    CaSettings settings = CaSettings.defaults(dir.resolve("ca"), "cluster.local");
    SigningCa created = MeshCa.loadOrCreate(settings, PASSPHRASE, CLOCK);
    SigningCa reloaded = MeshCa.loadOrCreate(settings, PASSPHRASE, Clock.offset(CLOCK, Duration.ofDays(1)));

    assertEquals(created.root(), reloaded.root());
    assertEquals(created.certificate(), reloaded.certificate());
    assertEquals(((ECPrivateKey) created.privateKey()).getS(), ((ECPrivateKey) reloaded.privateKey()).getS());
    assertEquals(created.chain(), reloaded.chain());
  }

  @Test
  void shouldCreateTenYearRootAndOneYearPathLenZeroIntermediate() {
    SigningCa ca = MeshCa.loadOrCreate(CaSettings.defaults(dir, "cluster.local"), PASSPHRASE, CLOCK);

    assertEquals(NOW.plus(Duration.ofDays(3650)), ca.root().getNotAfter().toInstant());
    assertEquals(NOW.plus(Duration.ofDays(365)), ca.certificate().getNotAfter().toInstant());
    assertEquals(0, ca.certificate().getBasicConstraints());
    assertEquals("EC", ca.certificate().getPublicKey().getAlgorithm());
    assertTrue(ca.root().getBasicConstraints() > 0);
  }

  @Test
  void shouldWriteEveryFileOwnerOnlyWithEncryptedKeys() throws Exception {
    CaSettings settings = CaSettings.defaults(dir.resolve("ca"), "cluster.local");
    MeshCa.loadOrCreate(settings, PASSPHRASE, CLOCK);

    for (Path file : settings.files().ownCaFiles()) {
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)), file.toString());
    }
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(settings.directory())));
    assertTrue(Files.readString(settings.files().caKey()).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
    assertTrue(Files.readString(settings.files().rootKey()).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
    try (var leftovers = Files.list(settings.directory())) {
      assertEquals(5, leftovers.count(), "no temp files left behind");
    }
  }

  @Test
  void shouldRefuseAWrongPassphraseNamingTheKeyFile() {
    CaSettings settings = CaSettings.defaults(dir, "cluster.local");
    MeshCa.loadOrCreate(settings, PASSPHRASE, CLOCK);

    CaFileException error = assertThrows(CaFileException.class,
        () -> MeshCa.loadOrCreate(settings, "wrong".toCharArray(), CLOCK));

    assertTrue(error.getMessage().contains("root-key.pem"), error.getMessage());
    assertTrue(error.getMessage().contains("wrong passphrase"), error.getMessage());
  }

  @Test
  void shouldRefuseAMissingFileInsteadOfCreatingANewRoot() throws Exception {
    CaSettings settings = CaSettings.defaults(dir, "cluster.local");
    MeshCa.loadOrCreate(settings, PASSPHRASE, CLOCK);
    Files.delete(settings.files().caCert());

    CaFileException error = assertThrows(CaFileException.class,
        () -> MeshCa.loadOrCreate(settings, PASSPHRASE, CLOCK));

    assertEquals(settings.files().caCert(), error.file());
    assertTrue(error.getMessage().contains("missing"), error.getMessage());
  }

  @Test
  void shouldRefuseACorruptKeyFileNamingIt() throws Exception {
    CaSettings settings = CaSettings.defaults(dir, "cluster.local");
    MeshCa.loadOrCreate(settings, PASSPHRASE, CLOCK);
    Files.writeString(settings.files().caKey(), "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n");

    CaFileException error = assertThrows(CaFileException.class,
        () -> MeshCa.loadOrCreate(settings, PASSPHRASE, CLOCK));

    assertEquals(settings.files().caKey(), error.file());
  }

  @Test
  void shouldRefuseAnIntermediateReplacedByOneFromAnotherRoot() throws Exception {
    CaSettings mine = CaSettings.defaults(dir.resolve("mine"), "cluster.local");
    CaSettings other = CaSettings.defaults(dir.resolve("other"), "cluster.local");
    MeshCa.loadOrCreate(mine, PASSPHRASE, CLOCK);
    MeshCa.loadOrCreate(other, PASSPHRASE, CLOCK);
    Files.copy(other.files().caCert(), mine.files().caCert(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

    CaFileException error = assertThrows(CaFileException.class,
        () -> MeshCa.loadOrCreate(mine, PASSPHRASE, CLOCK));

    assertEquals(mine.files().caCert(), error.file());
  }

  @Test
  void shouldNeverPrintThePrivateKey() {
    SigningCa ca = MeshCa.loadOrCreate(CaSettings.defaults(dir, "cluster.local"), PASSPHRASE, CLOCK);

    assertTrue(ca.toString().startsWith("SigningCa[subject="), ca.toString());
    assertFalse(ca.toString().toLowerCase(java.util.Locale.ROOT).contains("private"), ca.toString());
  }
}
