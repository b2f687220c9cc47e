package dev.meshlog.cli.jobs;

import dev.meshlog.schemas.GroupInstanceId;
import dev.meshlog.schemas.GroupSessionTimeout;
import java.time.Duration;
import java.util.Optional;

/**
 * How one instance of the engine or the pipeline shares its Streams groups with the others.
 *
 * @param instanceId static membership ({@code group.instance.id}; Streams appends each thread's index): a restarted
 *     instance with the same id gets its partitions back at once, not after its old member's 45 s session timeout
 * @param standbyReplicas warm copies of each stateful task on other instances ({@code num.standby.replicas})
 * @param sessionTimeout how long the groups wait for a silent (crashed) instance before moving its tasks
 */
public record Membership(Optional<String> instanceId, int standbyReplicas, Duration sessionTimeout) {

  /** Dynamic membership, one standby replica, Kafka's 45 s session: what {@code meshlog up} runs (the standby is never placed there). */
  public static final Membership DEFAULT = new Membership(Optional.empty(), 1, GroupSessionTimeout.DEFAULT);

  public Membership {
    instanceId.ifPresent(GroupInstanceId::check);
    if (standbyReplicas < 0) {
      throw new IllegalArgumentException("standby replicas must not be negative, got " + standbyReplicas);
    }
    GroupSessionTimeout.check(sessionTimeout);
  }

  public static Membership of(String instanceId, int standbyReplicas) {
    return new Membership(Optional.of(instanceId), standbyReplicas, GroupSessionTimeout.DEFAULT);
  }

  public Membership withSessionTimeout(Duration timeout) {
    return new Membership(instanceId, standbyReplicas, timeout);
  }
}
