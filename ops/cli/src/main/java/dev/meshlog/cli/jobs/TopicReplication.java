package dev.meshlog.cli.jobs;

import dev.meshlog.schemas.TopicAdmin;

/**
 * The replication a deployment uses for the topics it creates and for its Streams jobs' internal topics:
 * {@code factor} copies of each partition, of which {@code minInsync} must have a write before an acks=all producer
 * (every Meshlog writer) gets its acknowledgement. min.insync follows the factor ({@link TopicAdmin#minInsyncReplicas}).
 */
public record TopicReplication(short factor, int minInsync) {

  /** The factor Meshlog wants where the cluster has enough brokers. */
  public static final short PREFERRED_FACTOR = 3;

  public TopicReplication {
    if (factor < 1 || minInsync < 1 || minInsync > factor) {
      throw new IllegalArgumentException("replication factor " + factor + " with min.insync.replicas " + minInsync);
    }
  }

  /** {@code factor} replicas with the min.insync that goes with it. */
  public static TopicReplication of(short factor) {
    return new TopicReplication(factor, TopicAdmin.minInsyncReplicas(factor));
  }

  /** The default on a cluster of {@code brokers} brokers: 3 replicas, or one per broker on a smaller cluster (1 embedded). */
  public static TopicReplication forBrokers(int brokers) {
    if (brokers < 1) {
      throw new IllegalArgumentException("--replication-factor: the cluster has no broker to place replicas on");
    }
    return of((short) Math.min(brokers, PREFERRED_FACTOR));
  }
}
