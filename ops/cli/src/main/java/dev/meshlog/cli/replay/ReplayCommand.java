package dev.meshlog.cli.replay;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.meshlog.cli.MeshConnection;
import dev.meshlog.engine.snapshot.WorkloadIdentity;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code meshlog replay --at TIME|@OFFSET}: the mesh as it was, rebuilt from the log alone (never the running engine's
 * stores or the snapshots topic): the policy resources in force, every proxy's snapshot version and hash beside what
 * the proxy had ACKed by then, and with {@code --proxy} that proxy's whole snapshot.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
    description = "Rebuild the mesh's resources and proxy snapshots at a past point from the log alone.")
public final class ReplayCommand implements Callable<Integer> {

  /** Exit code of input refused before reading anything, as for picocli's usage errors. */
  static final int BAD_INPUT = 2;

  enum Output { SUMMARY, YAML, JSON }

  private static final YAMLMapper YAML = YAMLMapper.builder()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).enable(YAMLGenerator.Feature.MINIMIZE_QUOTES).build();

  @Spec CommandSpec spec;
  @Mixin MeshConnection mesh;

  @Option(names = "--at", required = true, paramLabel = "TIME|@OFFSET",
      description = "The point: an ISO-8601 instant, epoch ms, now, 2h ago; or @N, up to policy events offset N.")
  String at;

  @Option(names = "--proxy", paramLabel = "PROXY", description = "Also show this proxy's snapshot at that point.")
  String proxy;

  @Option(names = {"-o", "--output"}, defaultValue = "summary", paramLabel = "summary|yaml|json",
      description = "Output format (default: ${DEFAULT-VALUE}).")
  Output output;

  @Option(names = "--trust-domain", defaultValue = WorkloadIdentity.DEFAULT_TRUST_DOMAIN,
      description = "The engine's trust domain, whose CA bundle the snapshots carry (default: ${DEFAULT-VALUE}).")
  String trustDomain;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    LogPoint point;
    try {
      point = LogPoint.parse("--at", at, Instant.now());
      WorkloadIdentity.requireTrustDomain(trustDomain);
    } catch (IllegalArgumentException e) {
      err.println("meshlog replay: " + e.getMessage());
      err.flush();
      return BAD_INPUT;
    }
    String bootstrap = mesh.reachableBootstrap();
    LogReplay replay = new LogReplay(bootstrap, mesh.kafkaClient(), mesh.topics(), trustDomain);
    Optional<String> one = Optional.ofNullable(proxy);
    ReplayedMesh replayed = replay.at(point, one);
    if (one.isPresent() && !replayed.proxies().containsKey(proxy)) {
      err.println("meshlog replay: --proxy: no proxy '" + proxy + "' was registered at " + point.describe());
      err.flush();
      return 1;
    }
    Instant moment = replay.cutoff(point).time();
    Map<String, AckHistory.Answer> answers = AckHistory.at(bootstrap, mesh.kafkaClient(), mesh.topics().proxyAcks(), moment);
    ReplayReport report = new ReplayReport(replayed, moment, answers, one);
    out.print(switch (output) {
      case SUMMARY -> report.summary();
      case YAML -> YAML.writeValueAsString(report.tree());
      case JSON -> new ObjectMapper().writer(new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n")))
          .writeValueAsString(report.tree()) + "\n";
    });
    out.flush();
    return 0;
  }
}
