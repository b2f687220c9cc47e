package dev.meshlog.cli;

import dev.meshlog.avro.PolicyCommand;
import dev.meshlog.avro.PolicyState;
import dev.meshlog.avro.PolicyStatus;
import dev.meshlog.avro.Source;
import dev.meshlog.ingest.policy.Attribution;
import dev.meshlog.ingest.policy.ParseResult;
import dev.meshlog.ingest.policy.PolicyDocuments;
import dev.meshlog.ingest.publish.PolicyPublisher;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
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
@Command(name = "apply", description = "Validate and publish Istio resources (VirtualService, DestinationRule) as policy commands.")
final class ApplyCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin MeshConnection mesh;

  @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE", description = "YAML file, one or more documents.")
  Path file;

  @Option(names = "--actor", description = "Who makes the change (default: cli:$USER).")
  String actor;

  @Option(names = "--reason", defaultValue = "", description = "Why, recorded on the event.")
  String reason;

  @Option(names = "--dry-run", description = "Validate only; publish nothing.")
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
      out.flush();
      return 0;
    }

    String bootstrap = mesh.reachableBootstrap();
    try (StatusWatcher watcher = wait.isZero() ? null : new StatusWatcher(bootstrap, mesh.topics().policyStatus());
         PolicyPublisher publisher = new PolicyPublisher(bootstrap, mesh.topics())) {
      publisher.publish(commands);
      commands.forEach(c -> out.printf("%s published (command %s)%n", c.getEnvelope().getSubject(), c.getEnvelope().getId()));
      out.flush();
      if (watcher == null) {
        return 0;
      }
      Set<String> ids = commands.stream().map(c -> c.getEnvelope().getId()).collect(Collectors.toSet());
      Map<String, PolicyStatus> verdicts = watcher.await(ids, wait);
      int exit = 0;
      for (PolicyCommand command : commands) {
        PolicyStatus status = verdicts.get(command.getEnvelope().getId());
        String subject = command.getEnvelope().getSubject();
        if (status == null) {
          out.printf("%s: no verdict within %s (is the engine running?)%n", subject, waitFor);
        } else if (status.getState() == PolicyState.ACCEPTED) {
          out.printf("%s accepted (sequence %d, generation %d)%n", subject, status.getSequence(), status.getGeneration());
        } else {
          err.printf("%s rejected: %s%n", subject, String.join("; ", status.getErrors()));
          exit = 1;
        }
      }
      out.flush();
      err.flush();
      return exit;
    }
  }
}
