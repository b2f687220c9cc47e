package dev.meshlog.cli.replay;

import dev.meshlog.cli.MeshConnection;
import dev.meshlog.engine.snapshot.WorkloadIdentity;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code meshlog diff --from T1 --to T2}: what changed in the mesh between two points of the log, each rebuilt from
 * the log alone as {@code replay} does: resources, and the proxies whose snapshots changed.
 */
@Command(name = "diff", mixinStandardHelpOptions = true,
    description = "Show the resource changes between two points of the log and which proxies' snapshots they changed.")
public final class DiffCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin MeshConnection mesh;

  @Option(names = "--from", required = true, paramLabel = "TIME|@OFFSET", description = "The earlier point (as replay --at).")
  String from;

  @Option(names = "--to", defaultValue = "now", paramLabel = "TIME|@OFFSET", description = "The later point (default: ${DEFAULT-VALUE}).")
  String to;

  @Option(names = "--proxy", paramLabel = "PROXY", description = "Also show a line diff of this proxy's snapshot.")
  String proxy;

  @Option(names = "--trust-domain", defaultValue = WorkloadIdentity.DEFAULT_TRUST_DOMAIN,
      description = "The engine's trust domain (default: ${DEFAULT-VALUE}).")
  String trustDomain;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    LogPoint first;
    LogPoint second;
    try {
      Instant now = Instant.now();
      first = LogPoint.parse("--from", from, now);
      second = LogPoint.parse("--to", to, now);
      if (first instanceof LogPoint.AtTime a && second instanceof LogPoint.AtTime b && !a.time().isBefore(b.time())) {
        throw new IllegalArgumentException("--to: must be after --from (" + a.time() + "), got " + b.time());
      }
      WorkloadIdentity.requireTrustDomain(trustDomain);
    } catch (IllegalArgumentException e) {
      err.println("meshlog diff: " + e.getMessage());
      err.flush();
      return ReplayCommand.BAD_INPUT;
    }
    LogReplay replay = new LogReplay(mesh.reachableBootstrap(), mesh.kafkaClient(), mesh.topics(), trustDomain);
    Optional<String> one = Optional.ofNullable(proxy);
    ReplayedMesh before = replay.at(first, Optional.empty());
    ReplayedMesh after = replay.at(second, Optional.empty());
    out.print(MeshDiff.render(before, after, one));
    out.flush();
    return 0;
  }
}
