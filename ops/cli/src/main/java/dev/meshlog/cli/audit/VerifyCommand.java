package dev.meshlog.cli.audit;

import dev.meshlog.avro.PolicyEvent;
import dev.meshlog.cli.MeshConnection;
import dev.meshlog.cli.audit.ChainVerdict.Broken;
import dev.meshlog.cli.audit.ChainVerdict.Intact;
import dev.meshlog.schemas.TopicSpec;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code meshlog audit verify}: walks the hash chain of the policy events and prints either
 * {@code chain intact: N events, head H} (exit 0) or the first broken record (exit 1).
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
    description = "Walk the policy event hash chain; report the first altered, inserted, reordered or missing record.")
public final class VerifyCommand implements Callable<Integer> {

  @Mixin
  MeshConnection connection;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    TopicSpec<String, PolicyEvent> topic = connection.topics().policyEvents();
    ChainVerdict verdict = ChainAudit.verify(topic.name(), ChainReader.readAll(connection.reachableBootstrap(), topic));
    if (verdict instanceof Intact intact) {
      spec.commandLine().getOut().println("chain intact: " + intact.events() + " events, head "
          + (intact.head().isEmpty() ? "(none)" : intact.head()));
      return 0;
    }
    Broken broken = (Broken) verdict;
    spec.commandLine().getOut().println("chain broken at " + broken.topic() + "-" + broken.partition() + "@"
        + broken.offset() + ": " + broken.tampering().name().toLowerCase(Locale.ROOT).replace('_', ' ')
        + ": " + broken.detail());
    return 1;
  }
}
