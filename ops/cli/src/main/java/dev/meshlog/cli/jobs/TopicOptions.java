package dev.meshlog.cli.jobs;

import dev.meshlog.schemas.KafkaClientSettings;
import dev.meshlog.schemas.TopicAdmin;
import dev.meshlog.schemas.Topics;
import picocli.CommandLine.Option;

/**
 * How the topics a long-running job needs are created when missing (idempotent: existing topics,
 * e.g. Strimzi KafkaTopics, are left as they are), and the replication of the jobs' internal topics.
 *
 * <p>The replication depends on the cluster, so it is known only once the bootstrap is: call
 * {@link #resolve(String)} (or {@link #ensure}, which resolves first) before {@link #replicationFactor()} or
 * {@link #replication()}. {@code --replication-factor auto} (the default) gives 3 replicas on a cluster of 3 or more
 * brokers, else one per broker (1 on the embedded broker); an explicit number is checked against the broker count.
 * Topics created here get min.insync.replicas 2 from 3 replicas up, else 1 ({@link TopicAdmin#minInsyncReplicas});
 * {@link TopicReplication#minInsync()} is the value for the Streams jobs' internal topics
 * ({@code topic.min.insync.replicas}).
 */
public final class TopicOptions {

  @Option(names = "--partitions", defaultValue = "1", description = "Partitions of topics this command creates, except the snapshot builder's three inputs (always 1; default: ${DEFAULT-VALUE}).")
  int partitions;

  @Option(names = "--replication-factor", defaultValue = ReplicationSetting.AUTO, paramLabel = "auto|N",
      description = "Replication factor of topics this command creates and of the job's internal topics: 'auto' is 3 on a "
          + "cluster of 3 or more brokers, else the broker count (1 on the embedded broker); topics with 3 or more "
          + "replicas get min.insync.replicas=2 (default: ${DEFAULT-VALUE}).")
  String replicationFactor = ReplicationSetting.AUTO;

  private volatile TopicReplication resolved;

  /** The replication on the cluster at {@code bootstrap}; asks the cluster once, then remembers the answer. */
  public TopicReplication resolve(String bootstrap) {
    return resolve(bootstrap, KafkaClientSettings.NONE);
  }

  /** {@link #resolve(String)} logged in with {@code client}. */
  public TopicReplication resolve(String bootstrap, KafkaClientSettings client) {
    TopicReplication known = resolved;
    if (known == null) {
      known = ReplicationSetting.parse(replicationFactor).resolve(TopicAdmin.brokerCount(bootstrap, client));
      resolved = known;
    }
    return known;
  }

  /** The resolved replication; {@link #resolve} must have run. */
  public TopicReplication replication() {
    TopicReplication known = resolved;
    if (known == null) {
      throw new IllegalStateException("--replication-factor: not resolved yet; call TopicOptions.resolve(bootstrap) first");
    }
    return known;
  }

  /** The resolved replication factor (for topics and the jobs' internal topics); {@link #resolve} must have run. */
  public short replicationFactor() {
    return replication().factor();
  }

  /** Resolves the replication, then creates the missing topics of {@code topics} (the snapshot builder's inputs with one partition, see {@link TopicLayout}). */
  public void ensure(String bootstrap, Topics topics) {
    ensure(bootstrap, KafkaClientSettings.NONE, topics);
  }

  /** As above, logged in with {@code client}. */
  public void ensure(String bootstrap, KafkaClientSettings client, Topics topics) {
    TopicReplication replication = checked().resolve(bootstrap, client);
    new TopicLayout(topics, partitions).ensure(bootstrap, client, replication.factor());
  }

  /** Itself, once its values are checked (those that do not need the cluster); the message names the option at fault. */
  public TopicOptions checked() {
    if (partitions < 1) {
      throw new IllegalArgumentException("--partitions: must be at least 1, got " + partitions);
    }
    ReplicationSetting.parse(replicationFactor);
    return this;
  }
}
