package dev.meshlog.cli.jobs;

import java.util.Optional;

/**
 * The value of {@code --replication-factor}: {@code auto} (the cluster decides, {@link TopicReplication#forBrokers})
 * or an explicit factor, which must fit the cluster: Kafka would refuse each topic one by one, with a message that
 * names neither the option nor the broker count.
 */
record ReplicationSetting(Optional<Short> explicit) {

  static final String AUTO = "auto";

  static ReplicationSetting parse(String value) {
    String text = value == null ? "" : value.trim();
    if (text.equalsIgnoreCase(AUTO)) {
      return new ReplicationSetting(Optional.empty());
    }
    short factor;
    try {
      factor = Short.parseShort(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--replication-factor: must be 'auto' or a number of replicas, got '" + value + "'");
    }
    if (factor < 1) {
      throw new IllegalArgumentException("--replication-factor: must be at least 1, got " + factor);
    }
    return new ReplicationSetting(Optional.of(factor));
  }

  /** The replication on a cluster of {@code brokers} brokers. */
  TopicReplication resolve(int brokers) {
    if (explicit.isEmpty()) {
      return TopicReplication.forBrokers(brokers);
    }
    short factor = explicit.get();
    if (factor > brokers) {
      throw new IllegalArgumentException("--replication-factor: " + factor + " replicas need at least " + factor
          + " brokers, the cluster has " + brokers + " (use 'auto' or at most " + brokers + ")");
    }
    return TopicReplication.of(factor);
  }
}
