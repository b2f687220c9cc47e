package dev.meshlog.cli.inject;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.cli.Meshlog;
import dev.meshlog.engine.ca.CaSettings;
import dev.meshlog.engine.ca.MeshCa;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** {@code meshlog webhook}'s TLS options: one source of certificate, and errors before it listens. */
class WebhookCommandTest {

  @TempDir Path dir;

  @Test
  void shouldRequireExactlyOneCertificateSource() {
    assertEquals(2, run("webhook"));
    assertEquals(2, run("webhook", "--tls-cert", "a.pem"), "the key is required with the certificate");
    assertEquals(2, run("webhook", "--tls-cert", "a.pem", "--tls-key", "k.pem", "--ca-dir", dir.toString()));
  }

  @Test
  void shouldNameTheMissingPassphraseOfTheMeshCa() {
    MeshCa.loadOrCreate(CaSettings.defaults(dir.resolve("ca"), "cluster.local"), "secret".toCharArray(), Clock.systemUTC());
    WebhookCommand command = new WebhookCommand();
    CommandLine line = new CommandLine(command);
    line.parseArgs("--ca-dir", dir.resolve("ca").toString());

    ParameterException missing = assertThrows(ParameterException.class, () -> command.certificate(Map.of()));
    assertTrue(missing.getMessage().contains("no CA passphrase: set MESHLOG_CA_PASSPHRASE or provide "
        + dir.resolve("ca-passphrase")), missing.getMessage());

    ServingCertificate fromEnv = command.certificate(Map.of("MESHLOG_CA_PASSPHRASE", "secret", "POD_NAMESPACE", "mesh"));
    assertTrue(fromEnv.chain().get(0).getSubjectX500Principal().getName().contains("meshlog-webhook.mesh.svc"),
        fromEnv.toString());
  }

  private static int run(String... args) {
    return Meshlog.commandLine().setErr(new PrintWriter(new StringWriter(), true)).execute(args);
  }
}
