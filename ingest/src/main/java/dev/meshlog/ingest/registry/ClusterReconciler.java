package dev.meshlog.ingest.registry;

import dev.meshlog.avro.Source;
import dev.meshlog.ingest.policy.Attribution;
import dev.meshlog.ingest.registry.wire.ClusterWire;
import java.time.Clock;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps ingest's view of mesh.cluster.events (read once at start, then advanced by what it publishes)
 * and makes the log agree with a source: {@link ClusterDiff} decides, {@link ClusterPublisher} writes,
 * and only acknowledged events advance the view, so a failed publish is retried by the next reconcile.
 * Thread-safe: the registry file and the Kubernetes loop may share one.
 */
public final class ClusterReconciler {

  private static final Logger LOG = LoggerFactory.getLogger(ClusterReconciler.class);

  private final Map<String, Logged> logged;
  private final ClusterPublisher publisher;
  private final Clock clock;

  public ClusterReconciler(Map<String, Logged> logged, ClusterPublisher publisher, Clock clock) {
    this.logged = new TreeMap<>(logged);
    this.publisher = publisher;
    this.clock = clock;
  }

  /** Publishes what {@code owner} must change within {@code scope} so the log says {@code desired}; returns what it did. */
  public synchronized ClusterChangeSet reconcile(Map<String, Desired> desired, Predicate<String> scope, Source owner, Attribution removedBy) {
    ClusterChangeSet changes = ClusterDiff.diff(logged, desired, scope, owner, removedBy);
    if (!changes.foreign().isEmpty()) {
      LOG.debug("left alone, owned by another source: {}", changes.foreign());
    }
    if (changes.isEmpty()) {
      return changes;
    }
    var events = changes.changes().stream().map(c -> ClusterWire.event(c, owner, clock)).toList();
    publisher.publish(events, event -> {
      ClusterLog.fold(logged, event.getEnvelope().getSubject(), event);
      LOG.debug("published {} {}", event.getEnvelope().getType(), event.getEnvelope().getSubject());
    });
    LOG.info("{}: published {} cluster events ({} unchanged)", owner, events.size(), changes.unchanged());
    return changes;
  }

  /** The current view, for tests and diagnostics. */
  public synchronized Map<String, Logged> logged() {
    return Map.copyOf(logged);
  }
}
