package dev.meshlog.cli.ca;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.cli.Meshlog;
import dev.meshlog.engine.ca.BootstrapTokens;
import dev.meshlog.engine.ca.CaDirectory;
import dev.meshlog.engine.ca.MeshCa;
import dev.meshlog.engine.ca.SpiffeId;
import dev.meshlog.engine.ca.TokenKeyFile;
import dev.meshlog.engine.ca.TokenRejectedException;
import dev.meshlog.engine.ca.TrustedRoots;
import dev.meshlog.engine.ca.UsedNonces;
import dev.meshlog.engine.ca.signer.CaConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code meshlog token} and {@code meshlog ca rotate-root} on a data directory, offline. */
class CaCommandsTest {

  @TempDir
  Path data;

  @Test
  void shouldPrintATokenTheSignerRedeemsForThatIdentityOnly() {
    Run run = run("token", "--data-dir", data.toString(), "--namespace", "shop", "--service-account", "reviews", "--ttl", "10m");

    assertEquals(0, run.exit(), run.err());
    String token = run.out().strip();
    BootstrapTokens signerSide = new BootstrapTokens(TokenKeyFile.loadOrCreate(new CaDirectory(data.resolve("ca"))),
        Clock.systemUTC(), UsedNonces.inMemory(Clock.systemUTC()));
    assertThrows(TokenRejectedException.class, () -> signerSide.redeem(token, new SpiffeId("cluster.local", "shop", "ratings")));
    signerSide.redeem(token, new SpiffeId("cluster.local", "shop", "reviews"));
    assertThrows(TokenRejectedException.class, () -> signerSide.redeem(token, new SpiffeId("cluster.local", "shop", "reviews")),
        "single use");
  }

  @Test
  void shouldRefuseABadTtlOrIdentityAndWriteNoToken() {
    Run badTtl = run("token", "--data-dir", data.toString(), "--ttl", "soon");
    Run badAccount = run("token", "--data-dir", data.toString(), "--service-account", "a/b");

    assertEquals(1, badTtl.exit());
    assertTrue(badTtl.err().contains("--ttl"), badTtl.err());
    assertEquals(2, badAccount.exit());
    assertEquals("", badTtl.out() + badAccount.out());
  }

  @Test
  void shouldRotateTheRootAndTrustBothDuringTheOverlap() {
    CaConfig ca = LocalCa.of(data, "cluster.local", Map.of());
    MeshCa.loadOrCreate(ca.settings(), ca.passphrase(), Clock.systemUTC());

    Run run = run("ca", "rotate-root", "--data-dir", data.toString(), "--overlap", "1h");

    assertEquals(0, run.exit(), run.err());
    assertTrue(run.out().contains("stays trusted until"), run.out());
    assertEquals(2, TrustedRoots.at(ca.settings().files(), Instant.now()).roots().size());
    assertEquals(1, TrustedRoots.at(ca.settings().files(), Instant.now().plusSeconds(7200)).roots().size());
  }

  @Test
  void shouldKeepTheGeneratedPassphraseOwnerOnlyAndPreferTheEnvironment() throws IOException {
    char[] first = LocalCa.passphrase(data, Map.of());
    char[] second = LocalCa.passphrase(data, Map.of());
    Path file = data.resolve(LocalCa.PASSPHRASE_FILE);

    assertArrayEquals(first, second, "made once, then reused");
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertArrayEquals("from-env".toCharArray(), LocalCa.passphrase(data, Map.of(LocalCa.PASSPHRASE_ENV, "from-env")));
    assertFalse(new String(first).isBlank());
  }

  private record Run(int exit, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Meshlog.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(args);
    return new Run(exit, out.toString(), err.toString());
  }
}
