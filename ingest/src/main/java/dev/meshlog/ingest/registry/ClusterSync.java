package dev.meshlog.ingest.registry;

import dev.meshlog.schemas.Topics;
import dev.meshlog.schemas.deadletter.DeadLetterCounts;
import dev.meshlog.schemas.deadletter.DeadLetterPublisher;
import java.time.Clock;
import java.util.Map;

/**
 * A connection of ingest to mesh.cluster.events: the log read once to its end, an idempotent publisher,
 * and the reconciler that joins them. Sources (the registry file, {@code KubernetesClusterIngest}) share
 * one; closing it closes the publisher, after the sources are closed.
 */
public final class ClusterSync implements AutoCloseable {

  private final ClusterPublisher publisher;
  private final ClusterReconciler reconciler;
  private final DeadLetterPublisher deadLetters;

  private ClusterSync(ClusterPublisher publisher, ClusterReconciler reconciler, DeadLetterPublisher deadLetters) {
    this.publisher = publisher;
    this.reconciler = reconciler;
    this.deadLetters = deadLetters;
  }

  /** Reads the log, then opens the publisher; {@code overrides} are extra client settings (e.g. security). */
  public static ClusterSync open(String bootstrap, Topics topics, String clientId, Map<String, Object> overrides) {
    DeadLetterPublisher deadLetters = new DeadLetterPublisher(bootstrap, overrides, topics.deadLetter(), new DeadLetterCounts("ingest"));
    try {
      Map<String, Logged> logged = ClusterLog.read(bootstrap, topics.clusterEvents(), overrides, deadLetters);
      ClusterPublisher publisher = ClusterPublisher.create(bootstrap, topics.clusterEvents(), clientId, overrides);
      return new ClusterSync(publisher, new ClusterReconciler(logged, publisher, Clock.systemUTC()), deadLetters);
    } catch (RuntimeException e) {
      deadLetters.close();
      throw e;
    }
  }

  public ClusterReconciler reconciler() {
    return reconciler;
  }

  /** The cluster log's records this sync could not decode (dead-lettered and skipped), job "ingest". */
  public DeadLetterCounts deadLetters() {
    return deadLetters.counts();
  }

  @Override
  public void close() {
    publisher.close();
    deadLetters.close();
  }
}
