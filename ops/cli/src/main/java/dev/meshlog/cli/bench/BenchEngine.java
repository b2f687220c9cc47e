package dev.meshlog.cli.bench;

import dev.meshlog.cli.ca.LocalCa;
import dev.meshlog.cli.jobs.ControlPlaneJobs;
import dev.meshlog.cli.jobs.TopicLayout;
import dev.meshlog.engine.PolicyEngine;
import dev.meshlog.engine.ca.signer.CaConfig;
import dev.meshlog.engine.snapshot.Debounce;
import dev.meshlog.schemas.Topics;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The benchmark's policy engine in its own JVM: what {@code meshlog engine} runs (the engine with its CA,
 * Istio's debounce, topics made as {@code meshlog up} makes them), without that command's six-second
 * reachability check, which a loaded two-core machine fails. Prints {@code engine running} once RUNNING
 * and stops when its standard input closes. Arguments: bootstrap, topic prefix, data directory.
 */
public final class BenchEngine {

  static final String READY_LINE = "engine running";

  private BenchEngine() {}

  public static void main(String[] args) throws IOException {
    String bootstrap = args[0];
    String prefix = args[1];
    Path dataDir = Path.of(args[2]);
    Topics topics = Topics.withPrefix(prefix);
    new TopicLayout(topics, 1).ensure(bootstrap, (short) 1);
    CaConfig ca = LocalCa.inDirectory(dataDir.resolve("ca"), CaConfig.DEFAULT_TRUST_DOMAIN, System.getenv());
    try (PolicyEngine engine = ControlPlaneJobs.startEngine(bootstrap, topics, prefix, dataDir.resolve("state"), (short) 1,
        Debounce.ISTIO, ca)) {
      engine.awaitRunning(Duration.ofMinutes(10)); // restoring and joining take minutes on a loaded machine
      System.out.println(READY_LINE);
      System.out.flush();
      InputStream in = System.in;
      while (in.read() >= 0) {
        // nothing is ever sent: end of input is the signal to stop
      }
    }
    System.exit(0);
  }
}
