package dev.meshlog.cli.jobs;

import dev.meshlog.schemas.KafkaClientSettings;
import dev.meshlog.schemas.Topics;
import picocli.CommandLine.Option;

/**
 * How the topics a long-running job needs are created when missing (idempotent: existing topics,
 * e.g. Strimzi KafkaTopics, are left as they are), and the replication of the jobs' internal topics.
 */
public final class TopicOptions {

  @Option(names = "--partitions", defaultValue = "1", description = "Partitions of topics this command creates, except the snapshot builder's three inputs (always 1; default: ${DEFAULT-VALUE}).")
  int partitions;

  @Option(names = "--replication-factor", defaultValue = "1",
      description = "Replication factor of topics this command creates and of the job's internal topics (default: ${DEFAULT-VALUE}).")
  short replicationFactor;

  public short replicationFactor() {
    return replicationFactor;
  }

  /** Creates the missing topics of {@code topics} (the snapshot builder's inputs with one partition, see {@link TopicLayout}). */
  public void ensure(String bootstrap, Topics topics) {
    ensure(bootstrap, KafkaClientSettings.NONE, topics);
  }

  /** As above, logged in with {@code client}. */
  public void ensure(String bootstrap, KafkaClientSettings client, Topics topics) {
    new TopicLayout(topics, checked().partitions).ensure(bootstrap, client, replicationFactor);
  }

  /** Itself, once its values are checked; the message names the option at fault. */
  public TopicOptions checked() {
    if (partitions < 1) {
      throw new IllegalArgumentException("--partitions: must be at least 1, got " + partitions);
    }
    if (replicationFactor < 1) {
      throw new IllegalArgumentException("--replication-factor: must be at least 1, got " + replicationFactor);
    }
    return this;
  }
}
