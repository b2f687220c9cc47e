package dev.meshlog.cli;

import dev.meshlog.avro.PolicyCommand;
import dev.meshlog.avro.Source;
import dev.meshlog.ingest.analysis.Analyzer;
import dev.meshlog.ingest.analysis.MeshView;
import dev.meshlog.ingest.analysis.SourcedResource;
import dev.meshlog.ingest.policy.Attribution;
import dev.meshlog.ingest.policy.ParseResult;
import dev.meshlog.ingest.policy.PolicyDocuments;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code meshlog apply -f FILE}: validates every document of the file, then publishes them as
 * policy commands in one transaction (all or nothing), then waits for the engine's verdict.
 * Exit codes: 0 accepted (or published with no verdict yet), 1 refused or rejected.
 */
@Command(name = "apply", description = "Validate and publish Istio resources (VirtualService, DestinationRule, ServiceEntry, PeerAuthentication, AuthorizationPolicy, Sidecar) as policy commands.")
final class ApplyCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin MeshConnection mesh;

  @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE", description = "YAML file, one or more documents.")
  Path file;

  @Option(names = "--actor", description = "Who makes the change (default: cli:$USER).")
  String actor;

  @Option(names = "--reason", defaultValue = "", description = "Why, recorded on the event.")
  String reason;

  @Option(names = "--dry-run", description = "Validate and analyze (as meshlog analyze does) only; publish nothing.")
  boolean dryRun;

  @Option(names = "--wait", defaultValue = "10s", description = "How long to wait for the engine's verdict; 0s to not wait (default: ${DEFAULT-VALUE}).")
  String waitFor;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Duration wait = Durations.parse("--wait", waitFor);
    Attribution attribution = new Attribution(actor != null ? actor : "cli:" + System.getProperty("user.name"), reason, Source.CLI);

    ParseResult parsed = PolicyDocuments.parseFile(file, attribution);
    if (parsed instanceof ParseResult.Refused refused) {
      refused.errors().forEach(e -> err.println("error: " + e));
      err.printf("%s: refused, nothing published%n", file);
      err.flush();
      return 1;
    }
    List<PolicyCommand> commands = ((ParseResult.Parsed) parsed).commands();
    if (dryRun) {
      commands.forEach(c -> out.printf("%s valid (dry run)%n", c.getEnvelope().getSubject()));
      // What analyze would say, against the running mesh when reachable. Findings do not change the
      // exit code: the engine would accept these commands, so the dry run reports what apply would do.
      List<SourcedResource> candidates = commands.stream().map(c -> new SourcedResource(file.toString(), c)).toList();
      MeshView view = MeshForAnalysis.view(mesh, MeshForAnalysis.Mode.IF_REACHABLE, err);
      Analyzer.analyze(candidates, view).forEach(f -> out.println(FindingLines.of(f)));
      out.flush();
      return 0;
    }

    return PublishAndWait.run(mesh, commands, wait, waitFor, "published", "accepted", out, err);
  }
}
