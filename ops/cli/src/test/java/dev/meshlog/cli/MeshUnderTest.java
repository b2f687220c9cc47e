package dev.meshlog.cli;

import dev.meshlog.cli.ca.LocalCa;
import dev.meshlog.cli.demo.DemoBackend;
import dev.meshlog.engine.EngineConfig;
import dev.meshlog.engine.PolicyEngine;
import dev.meshlog.engine.ca.SpiffeId;
import dev.meshlog.engine.ca.signer.BootstrapTokenIssuer;
import dev.meshlog.engine.ca.signer.CaConfig;
import dev.meshlog.kafka.local.KafkaBroker;
import dev.meshlog.proxy.Sidecar;
import dev.meshlog.proxy.SidecarConfig;
import dev.meshlog.proxy.SidecarTuning;
import dev.meshlog.proxy.identity.WorkloadIdentityConfig;
import dev.meshlog.schemas.TopicAdmin;
import dev.meshlog.schemas.Topics;
import dev.meshlog.telemetry.PipelineConfig;
import dev.meshlog.telemetry.TelemetryPipeline;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The whole mesh of {@code meshlog up --demo}, on its own topics of the shared test broker:
 * engine, pipeline, reviews v1 and v2 (real HTTP servers) behind sidecars, and a client sidecar.
 */
final class MeshUnderTest implements AutoCloseable {

  final String bootstrap = KafkaBroker.bootstrapServers();
  final String prefix = KafkaBroker.uniqueName("mesh") + ".";
  final Topics topics = Topics.withPrefix(prefix);
  final Sidecar client;
  final List<Sidecar> reviews = new ArrayList<>();
  final PolicyEngine engine;
  private final Closer started = new Closer();

  /** The demo mesh in plain text (no CA). */
  MeshUnderTest() throws Exception {
    this(false);
  }

  /**
   * @param mtls also run the mesh CA, and give every sidecar a bootstrap token for its service account
   *     ({@code reviews}, {@code client}): they get certificates and talk mutual TLS (auto mTLS)
   */
  MeshUnderTest(boolean mtls) throws Exception {
    try {
      TopicAdmin.ensureTopics(bootstrap, topics.all(), 1, (short) 1);
      Path state = Files.createTempDirectory("meshlog-e2e");
      EngineConfig config = EngineConfig.defaults(bootstrap, topics, state.resolve("engine")).withApplicationIdPrefix(prefix + "engine");
      Optional<BootstrapTokenIssuer> tokens = Optional.empty();
      if (mtls) {
        CaConfig ca = LocalCa.of(state, "cluster.local", Map.of());
        config = config.withCa(ca);
        tokens = Optional.of(BootstrapTokenIssuer.forCa(ca));
      }
      engine = add(PolicyEngine.start(config));
      TelemetryPipeline pipeline = add(TelemetryPipeline.start(PipelineConfig.defaults(bootstrap, topics, state.resolve("telemetry"))
          .withApplicationId(prefix + "telemetry")));
      engine.awaitRunning(Duration.ofSeconds(120));
      pipeline.awaitRunning(Duration.ofSeconds(120));
      for (String version : new String[] {"v1", "v2"}) {
        DemoBackend app = add(DemoBackend.start("reviews", version));
        reviews.add(add(Sidecar.start(new SidecarConfig("reviews-" + version, "reviews", "default",
            Map.of("app", "reviews", "version", version), "127.0.0.1", SidecarConfig.ANY_PORT, app.port(), 0, bootstrap, topics),
            tuning(tokens, "reviews"))));
      }
      client = add(Sidecar.start(new SidecarConfig("client", "client", "default", Map.of("app", "client"),
          "127.0.0.1", 0, 0, 0, bootstrap, topics), tuning(tokens, "client")));
    } catch (Exception e) {
      close();
      throw e;
    }
  }

  private static SidecarTuning tuning(Optional<BootstrapTokenIssuer> tokens, String serviceAccount) {
    return tokens.map(issuer -> SidecarTuning.defaults().withIdentity(WorkloadIdentityConfig.withToken(
            issuer.issue(new SpiffeId("cluster.local", "default", serviceAccount), Duration.ofMinutes(10)))
        .withServiceAccount(serviceAccount))).orElse(SidecarTuning.defaults());
  }

  /** An HTTP client whose every request goes through the client sidecar's outbound listener. */
  HttpClient httpThroughClient() {
    return HttpClient.newBuilder()
        .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", client.outboundPort())))
        .connectTimeout(Duration.ofSeconds(5)).build();
  }

  CliRun apply(String file, String reason) {
    return CliRun.of("apply", "-f", file, "--bootstrap", bootstrap, "--topic-prefix", prefix,
        "--actor", "test:e2e", "--reason", reason, "--wait", "30s");
  }

  /** Any meshlog command against this mesh. */
  CliRun cli(String... args) {
    String[] all = Arrays.copyOf(args, args.length + 4);
    all[args.length] = "--bootstrap";
    all[args.length + 1] = bootstrap;
    all[args.length + 2] = "--topic-prefix";
    all[args.length + 3] = prefix;
    return CliRun.of(all);
  }

  private <T extends AutoCloseable> T add(T part) {
    return started.register(part);
  }

  @Override
  public void close() {
    started.close();
  }
}
