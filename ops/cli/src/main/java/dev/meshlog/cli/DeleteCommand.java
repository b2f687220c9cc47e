package dev.meshlog.cli;

import dev.meshlog.avro.PolicyCommand;
import dev.meshlog.avro.Source;
import dev.meshlog.ingest.policy.Attribution;
import dev.meshlog.ingest.policy.ParseResult;
import dev.meshlog.ingest.policy.PolicyCommands;
import dev.meshlog.ingest.policy.PolicyDocuments;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code meshlog delete KIND/NS/NAME... | -f FILE}: publishes delete commands in one transaction and
 * waits for the sequencer's verdict; deleting what does not exist is rejected there (the CLI does
 * not guess from a possibly stale read).
 */
@Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete policy resources: publishes attributed delete commands and waits for the verdict.")
final class DeleteCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin MeshConnection mesh;

  @Parameters(arity = "0..*", paramLabel = "KIND/NS/NAME", description = "Resources to delete, e.g. vs/default/reviews.")
  List<String> targets = new ArrayList<>();

  @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "Delete every resource the YAML file defines.")
  Path file;

  @Option(names = "--actor", description = "Who makes the change (default: cli:$USER).")
  String actor;

  @Option(names = "--reason", required = true, description = "Why, recorded on the event.")
  String reason;

  @Option(names = "--wait", defaultValue = "10s", description = "How long to wait for the engine's verdict; 0s to not wait (default: ${DEFAULT-VALUE}).")
  String waitFor;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Duration wait = Durations.parse("--wait", waitFor);
    if (targets.isEmpty() == (file == null)) {
      throw new IllegalArgumentException("name the resources as KIND/NS/NAME or give -f FILE (one of the two)");
    }
    Attribution attribution = new Attribution(actor != null ? actor : "cli:" + System.getProperty("user.name"), reason, Source.CLI);
    List<PolicyCommand> commands = new ArrayList<>();
    if (file != null) {
      // ingest reads kind and metadata only, so a file whose spec no longer validates can still be deleted
      ParseResult parsed = PolicyDocuments.parseDeletesFile(file, attribution);
      if (parsed instanceof ParseResult.Refused refused) {
        refused.errors().forEach(e -> err.println("error: " + e));
        err.printf("%s: refused, nothing published%n", file);
        err.flush();
        return 1;
      }
      commands.addAll(((ParseResult.Parsed) parsed).commands());
    } else {
      for (ResourceRef resource : new LinkedHashSet<>(targets.stream().map(ResourceRef::parse).toList())) {
        commands.add(PolicyCommands.delete(resource.kind(), resource.namespace(), resource.name(), attribution, Clock.systemUTC()));
      }
    }
    return PublishAndWait.run(mesh, commands, wait, waitFor, "delete published", "deleted", out, err);
  }
}
