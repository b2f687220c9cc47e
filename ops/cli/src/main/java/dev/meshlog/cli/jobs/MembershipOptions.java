package dev.meshlog.cli.jobs;

import dev.meshlog.cli.Durations;
import dev.meshlog.schemas.GroupInstanceId;
import dev.meshlog.schemas.GroupSessionTimeout;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code --instance-id}, {@code --standby-replicas} and {@code --session-timeout} of a Streams job that may run as several instances (a picocli mixin). */
final class MembershipOptions {

  @Option(names = "--instance-id", paramLabel = "ID",
      description = "Static group membership: this instance's group.instance.id, stable across restarts (the StatefulSet pod name), "
          + "so a restarted instance gets its partitions back at once instead of after the 45 s session timeout; "
          + "letters, digits, '.', '_', '-', at most " + GroupInstanceId.MAX_LENGTH + " (default: dynamic membership).")
  String instanceId;

  @Option(names = "--standby-replicas", defaultValue = "1", paramLabel = "N",
      description = "Warm copies of each stateful task kept on other instances, so a survivor takes over a dead instance's "
          + "state without restoring it from the changelogs (default: ${DEFAULT-VALUE}; none is placed with one instance).")
  int standbyReplicas;

  @Option(names = "--session-timeout", defaultValue = "45s", paramLabel = "DURATION",
      description = "How long the groups wait for a silent instance before its tasks move to the others: the whole of a "
          + "takeover after a crash (kill -9, node lost), where no leave request is sent. Between 6s and 30m, the broker's "
          + "default bounds; a third of it is the heartbeat interval, at most 3s (default: ${DEFAULT-VALUE}, Kafka's).")
  String sessionTimeout;

  /** The membership, or a usage error of {@code command} naming the option. */
  Membership membership(CommandSpec command) {
    if (instanceId != null) {
      try {
        GroupInstanceId.check(instanceId);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(command.commandLine(), "--instance-id: " + e.getMessage());
      }
    }
    if (standbyReplicas < 0) {
      throw new ParameterException(command.commandLine(), "--standby-replicas: must be 0 or more, got " + standbyReplicas);
    }
    Duration timeout;
    try {
      timeout = Durations.parse("--session-timeout", sessionTimeout); // its message names the option
    } catch (IllegalArgumentException e) {
      throw new ParameterException(command.commandLine(), e.getMessage());
    }
    try {
      GroupSessionTimeout.check(timeout);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(command.commandLine(), "--session-timeout: " + e.getMessage());
    }
    return new Membership(Optional.ofNullable(instanceId), standbyReplicas, timeout);
  }
}
