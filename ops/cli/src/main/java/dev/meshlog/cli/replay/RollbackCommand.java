package dev.meshlog.cli.replay;

import dev.meshlog.avro.PolicyCommand;
import dev.meshlog.avro.Source;
import dev.meshlog.cli.Durations;
import dev.meshlog.cli.MeshConnection;
import dev.meshlog.cli.PublishAndWait;
import dev.meshlog.engine.snapshot.WorkloadIdentity;
import dev.meshlog.ingest.policy.Attribution;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code meshlog rollback --to T --reason R}: publishes the compensating policy commands ({@link RollbackPlan}) that
 * restore the policy resources of point T, attributed like any change (actor, reason, source CLI), in one
 * transaction, and waits for each verdict. History is not rewritten: the rollback is new events on the chain.
 * Cluster events (workloads, services) are facts about the cluster, not policy, and are not rolled back.
 */
@Command(name = "rollback", mixinStandardHelpOptions = true,
    description = "Restore the policy resources of a past point by publishing compensating commands (cluster state is not rolled back).")
public final class RollbackCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin MeshConnection mesh;

  @Option(names = "--to", required = true, paramLabel = "TIME|@OFFSET", description = "The point to restore (as replay --at).")
  String to;

  @Option(names = "--reason", paramLabel = "R", description = "Why (required), recorded on every compensating event.")
  String reason;

  @Option(names = "--actor", paramLabel = "A", description = "Who rolls back (default: cli:$USER).")
  String actor;

  @Option(names = "--dry-run", description = "Print the plan only; publish nothing.")
  boolean dryRun;

  @Option(names = "--wait", defaultValue = "30s", description = "How long to wait for the verdicts (default: ${DEFAULT-VALUE}).")
  String waitFor;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    LogPoint point;
    Attribution attribution;
    Duration wait;
    try {
      if (reason == null || reason.isBlank()) {
        throw new IllegalArgumentException("--reason: required, a rollback must say why (e.g. --reason 'undo the 14:02 canary')");
      }
      point = LogPoint.parse("--to", to, Instant.now());
      attribution = new Attribution(actor != null ? actor : "cli:" + System.getProperty("user.name"), reason, Source.CLI);
      wait = Durations.parse("--wait", waitFor);
    } catch (IllegalArgumentException e) {
      err.println("meshlog rollback: " + e.getMessage());
      err.flush();
      return ReplayCommand.BAD_INPUT;
    }
    LogReplay replay = new LogReplay(mesh.reachableBootstrap(), mesh.kafkaClient(), mesh.topics(), WorkloadIdentity.DEFAULT_TRUST_DOMAIN);
    ReplayedMesh then = replay.policiesAt(point);
    ReplayedMesh now = replay.policiesAt(new LogPoint.AtTime(Instant.MAX));
    RollbackPlan plan = RollbackPlan.between(then.policies(), now.policies());
    out.printf("Rolling back policy resources to %s (policy events up to offset %d); cluster events (workloads, services) are not rolled back.%n",
        point.describe(), then.lastPolicyOffset());
    if (plan.isEmpty()) {
      out.println("Nothing to do: the policy resources in force are those of " + point.describe() + ".");
      out.flush();
      return 0;
    }
    plan.steps().forEach(step -> out.println("  " + step.describe()));
    if (dryRun) {
      out.println("Dry run: nothing published.");
      out.flush();
      return 0;
    }
    out.flush();
    Clock clock = Clock.systemUTC();
    List<PolicyCommand> commands = plan.steps().stream().map(step -> step.command(attribution, clock)).toList();
    return PublishAndWait.run(mesh, commands, wait, waitFor, "published", "accepted", out, err);
  }
}
