package dev.meshlog.cli;

import dev.meshlog.avro.PolicyCommand;
import dev.meshlog.avro.PolicyState;
import dev.meshlog.avro.PolicyStatus;
import dev.meshlog.ingest.publish.PolicyPublisher;
import dev.meshlog.ingest.publish.PolicyRejectedException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Publishes the commands of one CLI call in one transaction, then waits for the sequencer's
 * verdict on each (apply and delete share this). Exit code: 0 accepted or published without
 * waiting, 1 if any command is refused before publishing or rejected by the sequencer.
 */
public final class PublishAndWait {

  private PublishAndWait() {}

  /**
   * @param accepted what an accepted command is called, e.g. "accepted" or "deleted"
   * @param published what the publish line says, e.g. "published" or "delete published"
   */
  public static int run(MeshConnection mesh, List<PolicyCommand> commands, Duration wait, String waitText,
      String published, String accepted, PrintWriter out, PrintWriter err) {
    String bootstrap = mesh.reachableBootstrap();
    try (StatusWatcher watcher = wait.isZero() ? null : new StatusWatcher(bootstrap, mesh.kafkaClient(), mesh.topics().policyStatus());
         PolicyPublisher publisher = new PolicyPublisher(bootstrap, mesh.topics(), mesh.kafkaClient().over(Map.of()))) {
      try {
        publisher.publish(commands);
      } catch (PolicyRejectedException e) {
        e.errors().forEach(error -> err.println("error: " + error));
        err.println("refused, nothing published");
        err.flush();
        return 1;
      }
      commands.forEach(c -> out.printf("%s %s (command %s)%n", c.getEnvelope().getSubject(), published, c.getEnvelope().getId()));
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
          out.printf("%s: no verdict within %s (is the engine running?)%n", subject, waitText);
        } else if (status.getState() == PolicyState.ACCEPTED) {
          out.printf("%s %s (sequence %d, generation %d)%n", subject, accepted, status.getSequence(), status.getGeneration());
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
