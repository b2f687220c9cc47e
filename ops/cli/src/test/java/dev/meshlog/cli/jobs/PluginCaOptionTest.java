package dev.meshlog.cli.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.cli.Meshlog;
import dev.meshlog.cli.ca.LocalCa;
import dev.meshlog.cli.ca.PluginCaFiles;
import dev.meshlog.engine.ca.signer.CaConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code meshlog engine --plugin-ca}: a bad cacerts directory stops the command before it reaches the cluster (the
 * bootstrap here answers nothing), with the file and the reason, exit 2, and nothing written anywhere.
 */
class PluginCaOptionTest {

  private static final Map<String, String> ENV = Map.of(LocalCa.PASSPHRASE_ENV, PluginCaFiles.PASSPHRASE);

  @TempDir
  Path dir;

  @Test
  void shouldSignWithThePluginCaInItsDirectoryAndTrustDomain() throws Exception {
    PluginCaFiles cacerts = PluginCaFiles.create(dir, "cacerts");
    CommandLine cli = Meshlog.commandLine();
    EngineCommand engine = (EngineCommand) cli.getSubcommands().get("engine").getCommand();
    cli.parseArgs("engine", "--plugin-ca", cacerts.directory().toString(), "--trust-domain", "mesh.example",
        "--data-dir", dir.resolve("data").toString());

    CaConfig ca = engine.caConfig(Duration.ofHours(2), Optional.empty());

    assertTrue(ca.isPluginCa());
    assertEquals(cacerts.directory().toAbsolutePath(), ca.settings().directory());
    assertEquals("mesh.example", ca.trustDomain());
    assertEquals(Duration.ofHours(2), ca.workloadTtl());
  }

  @Test
  void shouldRefuseAMissingFileNamingIt() throws Exception {
    PluginCaFiles cacerts = PluginCaFiles.create(dir, "cacerts");
    Files.delete(cacerts.directory().resolve("ca-key.pem"));

    assertRefused(cacerts, ENV, "ca-key.pem: ");
  }

  @Test
  void shouldRefuseAKeyThatIsNotTheCaCertificates() throws Exception {
    PluginCaFiles cacerts = PluginCaFiles.create(dir, "cacerts");
    PluginCaFiles other = PluginCaFiles.create(dir, "other");
    Files.copy(other.directory().resolve("ca-key.pem"), cacerts.directory().resolve("ca-key.pem"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);

    assertRefused(cacerts, ENV, "ca-key.pem: does not match the public key in ca-cert.pem");
  }

  @Test
  void shouldRefuseALeafCertificateAsTheSigningCa() throws Exception {
    PluginCaFiles cacerts = PluginCaFiles.create(dir, "cacerts");
    cacerts.replaceCaCertWithALeaf();

    assertRefused(cacerts, ENV, "ca-cert.pem: not a CA certificate");
  }

  @Test
  void shouldRefuseAnEncryptedKeyWithoutThePassphraseAndNotAlongsideCaDir() throws Exception {
    PluginCaFiles cacerts = PluginCaFiles.create(dir, "cacerts");

    assertRefused(cacerts, Map.of(), "ca-key.pem: ");
    assertRefused(cacerts, ENV, "--plugin-ca: not with --ca-dir", "--ca-dir", dir.resolve("ca").toString());
  }

  private void assertRefused(PluginCaFiles cacerts, Map<String, String> env, String expected, String... more) throws Exception {
    String before = cacerts.listing();
    Path data = dir.resolve("data");
    CommandLine cli = Meshlog.commandLine();
    EngineCommand engine = (EngineCommand) cli.getSubcommands().get("engine").getCommand();
    engine.env = env;
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err, true));
    String[] args = {"engine", "--plugin-ca", cacerts.directory().toString(), "--bootstrap", "127.0.0.1:1",
        "--data-dir", data.toString(), "--metrics-port", "0"};
    String[] all = java.util.Arrays.copyOf(args, args.length + more.length);
    System.arraycopy(more, 0, all, args.length, more.length);

    int exit = cli.execute(all);

    assertEquals(2, exit, err.toString());
    assertTrue(err.toString().contains("--plugin-ca: "), err.toString());
    assertTrue(err.toString().contains(expected), err.toString());
    assertEquals(before, cacerts.listing(), "nothing written into the plug-in CA's directory");
    assertFalse(Files.exists(data.resolve("ca")) || Files.exists(data.resolve("state")), "no own CA, no state");
  }
}
