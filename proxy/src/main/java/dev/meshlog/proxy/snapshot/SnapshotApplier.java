package dev.meshlog.proxy.snapshot;

import dev.meshlog.proxy.circuit.ClusterRegistry;
import dev.meshlog.proxy.route.RouteTable;
import java.util.List;

/**
 * Decides whether a snapshot replaces the live config: only a newer version, only for this proxy,
 * only if it validates. Pure logic, driven by the consumer thread, so it is tested without Kafka.
 */
public final class SnapshotApplier {

  private final String proxyId;
  private final LiveConfig live;
  private final SnapshotValidator validator;
  private final ClusterRegistry clusters;
  private final ListenerUpdate listeners;
  private long parkedVersion = -1;

  /**
   * Work a valid snapshot needs before it goes live, such as binding the TCP listeners its routes
   * ask for. It either completes or throws {@link IllegalArgumentException} having changed nothing,
   * which rejects the snapshot.
   */
  @FunctionalInterface
  public interface ListenerUpdate {

    ListenerUpdate NONE = (snapshot, routes) -> { };

    void apply(Snapshot snapshot, RouteTable routes);
  }

  public SnapshotApplier(String proxyId, LiveConfig live, SnapshotValidator validator) {
    this(proxyId, live, validator, ListenerUpdate.NONE);
  }

  /** An applier whose clusters' live state starts afresh. */
  public SnapshotApplier(String proxyId, LiveConfig live, SnapshotValidator validator, ListenerUpdate listeners) {
    this(proxyId, live, validator, ClusterRegistry.detached(), listeners);
  }

  /**
   * @param clusters the clusters' live state (breakers, retry budgets, ejections), kept across swaps
   * @param listeners opens and closes the listeners a snapshot's TCP routes need, before the swap
   */
  public SnapshotApplier(String proxyId, LiveConfig live, SnapshotValidator validator, ClusterRegistry clusters,
      ListenerUpdate listeners) {
    this.proxyId = proxyId;
    this.live = live;
    this.validator = validator;
    this.clusters = clusters;
    this.listeners = listeners;
  }

  public SnapshotOutcome apply(Snapshot snapshot) {
    long seen = Math.max(live.current().version(), parkedVersion);
    if (snapshot.version() <= seen) {
      return new SnapshotOutcome.Ignored(snapshot.version(), "version " + snapshot.version() + " is not newer than " + seen);
    }
    List<String> errors = snapshot.proxyId().equals(proxyId)
        ? validator.validate(snapshot)
        : List.of("snapshot is for proxy " + snapshot.proxyId() + ", not " + proxyId);
    if (errors.isEmpty()) {
      try {
        RouteTable table = RouteTable.of(snapshot.hosts(), snapshot.clusters(), clusters);
        listeners.apply(snapshot, table);
        live.swap(new AppliedConfig(snapshot.version(), snapshot.hash(), table, snapshot.authorization()));
        table.settle(clusters);
        return new SnapshotOutcome.Applied(snapshot.version(), snapshot.hash());
      } catch (IllegalArgumentException e) {
        errors = List.of(e.getMessage());
      }
    }
    parkedVersion = snapshot.version();
    return new SnapshotOutcome.Rejected(snapshot.version(), snapshot.hash(), String.join("; ", errors));
  }
}
