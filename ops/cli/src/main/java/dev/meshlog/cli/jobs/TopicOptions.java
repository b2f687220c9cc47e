package dev.meshlog.cli.jobs;

import dev.meshlog.schemas.TopicAdmin;
import dev.meshlog.schemas.Topics;
import picocli.CommandLine.Option;

/**
 * How the topics a long-running job needs are created when missing (idempotent: existing topics,
 * e.g. Strimzi KafkaTopics, are left as they are), and the replication of the jobs' internal topics.
 */
public final class TopicOptions {

  @Option(names = "--partitions", defaultValue = "1", description = "Partitions of topics this command creates (default: ${DEFAULT-VALUE}).")
  int partitions;

  @Option(names = "--replication-factor", defaultValue = "1",
      description = "Replication factor of topics this command creates and of the job's internal topics (default: ${DEFAULT-VALUE}).")
  short replicationFactor;

  public short replicationFactor() {
    return replicationFactor;
  }

  /** Creates the missing topics of {@code topics}. */
  public void ensure(String bootstrap, Topics topics) {
    TopicAdmin.ensureTopics(bootstrap, topics.all(), checked().partitions, replicationFactor);
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
