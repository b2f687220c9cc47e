package dev.meshlog.cli.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.meshlog.cli.Meshlog;
import dev.meshlog.engine.ca.signer.CaConfig;
import dev.meshlog.engine.ca.signer.TokenReviewVerifier;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** How {@code meshlog engine} lays out its files and wires the Kubernetes credential (no broker). */
class EngineCommandTest {

  @TempDir
  Path dataDir;

  private EngineCommand parse(String... args) {
    CommandLine cli = Meshlog.commandLine();
    EngineCommand engine = (EngineCommand) cli.getSubcommands().get("engine").getCommand();
    String[] all = new String[args.length + 1];
    all[0] = "engine";
    System.arraycopy(args, 0, all, 1, args.length);
    cli.parseArgs(all);
    return engine;
  }

  @Test
  void shouldKeepStateAndCaWhereUpKeepsThemByDefault() {
    EngineCommand engine = parse("--data-dir", dataDir.toString());
    assertEquals(dataDir.resolve("state").resolve("engine"), engine.stateDir());
    assertEquals(dataDir.resolve("ca"), engine.caDir());
  }

  @Test
  void shouldReviewKubernetesTokensOnlyWithTheOption() {
    EngineCommand engine = parse("--data-dir", dataDir.toString(), "--ca-dir", dataDir.resolve("pv/ca").toString(),
        "--trust-domain", "mesh.example", "--kubernetes-token-review");
    try (KubernetesClient client = new KubernetesClientBuilder()
        .withConfig(new ConfigBuilder().withMasterUrl("https://127.0.0.1:1").build()).build()) {
      CaConfig reviewed = engine.caConfig(Duration.ofHours(1), Optional.of(client));
      assertInstanceOf(TokenReviewVerifier.class, reviewed.kubernetesVerifier());
      assertEquals("mesh.example", reviewed.trustDomain());
      assertEquals(dataDir.resolve("pv/ca").toAbsolutePath(), reviewed.settings().directory());

      CaConfig standalone = engine.caConfig(Duration.ofHours(1), Optional.empty());
      assertFalse(standalone.kubernetesVerifier() instanceof TokenReviewVerifier, "without a client: no TokenReview");
    }
  }
}
