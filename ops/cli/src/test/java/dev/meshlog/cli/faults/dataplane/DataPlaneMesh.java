package dev.meshlog.cli.faults.dataplane;

import dev.meshlog.cli.Closer;
import dev.meshlog.cli.demo.DemoBackend;
import dev.meshlog.engine.EngineConfig;
import dev.meshlog.engine.PolicyEngine;
import dev.meshlog.kafka.local.KafkaBroker;
import dev.meshlog.proxy.Sidecar;
import dev.meshlog.proxy.SidecarConfig;
import dev.meshlog.proxy.SidecarTuning;
import dev.meshlog.schemas.TopicAdmin;
import dev.meshlog.schemas.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A mesh on its own topics for the data-plane fault tests: the policy engine (stoppable and restartable on the
 * same state), the service {@code reviews} with two replicas (two real backends answering "reviews replica-a" and
 * "reviews replica-b", each behind its own sidecar, same labels) and a client sidecar. Sidecars can be restarted
 * with the same identity and ports, as a Kubernetes pod's sidecar comes back.
 */
final class DataPlaneMesh implements AutoCloseable {

  static final Duration START = Duration.ofSeconds(120);

  final String bootstrap = KafkaBroker.bootstrapServers();
  final String prefix = KafkaBroker.uniqueName("dataplane") + ".";
  final Topics topics = Topics.withPrefix(prefix);
  final Path state;
  final List<DemoBackend> backends = new ArrayList<>();
  final List<Sidecar> replicas = new ArrayList<>();
  Sidecar client;
  private final EngineConfig engineConfig;
  private PolicyEngine engine;
  private final SidecarTuning tuning;
  private final Closer started = new Closer();

  DataPlaneMesh(SidecarTuning tuning) throws Exception {
    this.tuning = tuning;
    try {
      TopicAdmin.ensureTopics(bootstrap, topics.all(), 1, (short) 1);
      state = Files.createTempDirectory("meshlog-dataplane");
      engineConfig = EngineConfig.defaults(bootstrap, topics, state.resolve("engine")).withApplicationIdPrefix(prefix + "engine");
      startEngine();
      for (String replica : new String[] {"replica-a", "replica-b"}) {
        DemoBackend app = add(DemoBackend.start("reviews", replica));
        backends.add(app);
        replicas.add(startSidecar(replicaConfig("reviews-" + replica.substring("replica-".length()), SidecarConfig.ANY_PORT, app.port())));
      }
      client = startSidecar(clientConfig("client", 0));
    } catch (Exception e) {
      close();
      throw e;
    }
  }

  SidecarConfig replicaConfig(String proxyId, int inboundPort, int appPort) {
    return new SidecarConfig(proxyId, "reviews", "default", Map.of("app", "reviews", "version", "v1"), "127.0.0.1",
        inboundPort, appPort, 0, bootstrap, topics);
  }

  SidecarConfig clientConfig(String proxyId, int outboundPort) {
    return new SidecarConfig(proxyId, "client", "default", Map.of("app", "client"), "127.0.0.1", 0, 0, outboundPort,
        bootstrap, topics);
  }

  /** Starts a sidecar this mesh closes at the end (unless it was closed before). */
  Sidecar startSidecar(SidecarConfig config) {
    return add(Sidecar.start(config, tuning));
  }

  /** Kubernetes' restart of a sidecar: SIGTERM (close, with its drain), then a new one with the same id and ports. */
  Sidecar restart(Sidecar old, SidecarConfig sameIdentity) {
    old.close();
    return startSidecar(sameIdentity);
  }

  void startEngine() {
    engine = PolicyEngine.start(engineConfig);
    engine.awaitRunning(START);
  }

  void stopEngine() {
    engine.close();
  }

  private <T extends AutoCloseable> T add(T part) {
    return started.register(part);
  }

  @Override
  public void close() {
    started.close();
    if (engine != null) {
      engine.close();
    }
  }
}
