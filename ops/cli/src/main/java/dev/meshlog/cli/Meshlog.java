package dev.meshlog.cli;

import dev.meshlog.cli.audit.AuditCommand;
import dev.meshlog.cli.bench.BenchCommand;
import dev.meshlog.cli.ca.CaCommand;
import dev.meshlog.cli.ca.TokenCommand;
import dev.meshlog.cli.export.ExportCommand;
import dev.meshlog.cli.ingest.IngestCommand;
import dev.meshlog.cli.inject.InjectCommand;
import dev.meshlog.cli.inject.WebhookCommand;
import dev.meshlog.cli.jobs.EngineCommand;
import dev.meshlog.cli.jobs.PipelineCommand;
import dev.meshlog.cli.replay.DiffCommand;
import dev.meshlog.cli.replay.ReplayCommand;
import dev.meshlog.cli.replay.RollbackCommand;
import dev.meshlog.cli.tap.TapCommand;
import dev.meshlog.schemas.SchemaCatalog;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code meshlog} command: {@code Main} only wires the subcommands. */
@Command(name = "meshlog", mixinStandardHelpOptions = true, version = "meshlog 0.1.0",
    description = "A service mesh whose control plane is an event log on Apache Kafka.",
    subcommands = {UpCommand.class, ApplyCommand.class, DeleteCommand.class, GetCommand.class, AnalyzeCommand.class, StatusCommand.class,
        ProxyStatusCommand.class, ProxyConfigCommand.class, HistoryCommand.class, ProxyCommand.class, TopCommand.class, BenchCommand.class,
        TokenCommand.class, CaCommand.class, AuditCommand.class, ExportCommand.class,
        SchemasCommand.class, ReplayCommand.class, DiffCommand.class, RollbackCommand.class,
        TapCommand.class, IngestCommand.class, InjectCommand.class, WebhookCommand.class, EngineCommand.class, PipelineCommand.class})
public final class Meshlog {

  public static void main(String[] args) {
    SchemaCatalog.trustGenerated();
    System.exit(commandLine().execute(args));
  }

  /** The configured command line; tests run subcommands through it in-process. */
  public static CommandLine commandLine() {
    return new CommandLine(new Meshlog())
        .setCaseInsensitiveEnumValuesAllowed(true)
        // A failure is a one-line message on stderr and exit 1, not a stack trace; logs keep the detail.
        .setExecutionExceptionHandler((e, cmd, parsed) -> {
          LoggerFactory.getLogger(Meshlog.class).debug("{} failed", cmd.getCommandName(), e);
          cmd.getErr().println("meshlog " + cmd.getCommandName() + ": " + describe(e));
          cmd.getErr().flush();
          return 1;
        });
  }

  private static String describe(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getMessage() == null) {
      root = root.getCause();
    }
    return root.getMessage() != null ? root.getMessage() : root.toString();
  }
}
