package dev.meshlog.ingest.registry;

import dev.meshlog.schemas.Topics;
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

  private ClusterSync(ClusterPublisher publisher, ClusterReconciler reconciler) {
    this.publisher = publisher;
    this.reconciler = reconciler;
  }

  /** Reads the log, then opens the publisher; {@code overrides} are extra client settings (e.g. security). */
  public static ClusterSync open(String bootstrap, Topics topics, String clientId, Map<String, Object> overrides) {
    Map<String, Logged> logged = ClusterLog.read(bootstrap, topics.clusterEvents(), overrides);
    ClusterPublisher publisher = ClusterPublisher.create(bootstrap, topics.clusterEvents(), clientId, overrides);
    return new ClusterSync(publisher, new ClusterReconciler(logged, publisher, Clock.systemUTC()));
  }

  public ClusterReconciler reconciler() {
    return reconciler;
  }

  @Override
  public void close() {
    publisher.close();
  }
}
