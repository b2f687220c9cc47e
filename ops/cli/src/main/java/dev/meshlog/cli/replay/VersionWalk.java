package dev.meshlog.cli.replay;

import dev.meshlog.avro.ProxySnapshot;
import dev.meshlog.engine.snapshot.Assembly;
import dev.meshlog.engine.snapshot.DependencyKeys;
import dev.meshlog.engine.snapshot.MeshChange;
import dev.meshlog.engine.snapshot.MeshResource;
import dev.meshlog.engine.snapshot.MeshState;
import dev.meshlog.engine.snapshot.SnapshotAssembler;
import dev.meshlog.engine.snapshot.Workload;
import dev.meshlog.engine.wire.SnapshotWire;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One proxy's snapshot at a point in time, with the version the engine gave it, found by walking the
 * log back from that point instead of folding it forward.
 *
 * <p>The engine's version is the position at the last event that changed the proxy's content (a
 * recomputation whose hash differs from the last good one; a held-back assembly changes nothing).
 * So: assemble the proxy once at the point, then step back over the changes. A change that cannot
 * reach the proxy's dependencies ({@link DependencyKeys#mayReach}) cannot change its content, so it
 * is only noted for undoing; at a change that can, the undone state is built and assembled, and the
 * first one whose content differs ends the walk. Typically a handful of assemblies, where a forward
 * fold of a long log assembles the proxy at every change that reaches it.
 */
public final class VersionWalk {

  /** What the walk found for one proxy. */
  public sealed interface Result permits Found, NotRegistered, NeverValid, BeyondWindow {}

  /** The snapshot content the proxy was given, its hash, and the version it carried. */
  public record Found(String proxyId, long version, String hash, ProxySnapshot content) implements Result {}

  /** No workload of the mesh has this proxy id at the point. */
  public record NotRegistered(String proxyId) implements Result {}

  /** Every assembly of the proxy up to the point was held back as inconsistent: it was never sent one. */
  public record NeverValid(String proxyId, String reason) implements Result {}

  /** The walk needs changes older than the window holds. */
  public record BeyondWindow(String proxyId) implements Result {}

  private VersionWalk() {}

  public static Result find(LogWindow log, MeshState atPoint, String proxyId) {
    Optional<Workload> proxy = atPoint.proxy(proxyId);
    if (proxy.isEmpty()) {
      return new NotRegistered(proxyId);
    }
    MeshState state = atPoint;
    Assembly after = SnapshotAssembler.assemble(state, proxy.get());
    Found found = null;           // the content at the point and the earliest change of its current run
    String rejected = after instanceof Assembly.Rejected r ? r.reason() : "";
    Map<String, LogWindow.Entry> undo = new LinkedHashMap<>();
    for (long i = log.count() - 1; i >= 0; i--) {
      if (i < log.first()) {
        return new BeyondWindow(proxyId);
      }
      LogWindow.Entry entry = log.entry(i);
      Optional<LogWindow.Entry> previous = previous(log, entry);
      if (previous == null) {
        return new BeyondWindow(proxyId);
      }
      undo.put(entry.key(), previous.orElse(null));
      if (!mayChange(entry, previous, proxyId, after)) {
        continue;
      }
      if (after instanceof Assembly.Built built) {
        Found here = found(proxyId, built, entry.version());
        if (found == null || here.hash().equals(found.hash())) {
          found = here; // this change left the proxy with the content it has at the point
        }
      }
      state = undone(state, undo);
      undo.clear();
      Optional<Workload> before = state.proxy(proxyId);
      if (before.isEmpty()) {
        break; // the proxy registered here
      }
      Assembly assembled = SnapshotAssembler.assemble(state, before.get());
      if (found != null && assembled instanceof Assembly.Built b && !hash(b).equals(found.hash())) {
        break; // the content changed to the point's at this change
      }
      after = assembled;
    }
    return found != null ? found : new NeverValid(proxyId, rejected);
  }

  /** The key's change before {@code entry}: empty when it had none (the key did not exist); null when not held. */
  private static Optional<LogWindow.Entry> previous(LogWindow log, LogWindow.Entry entry) {
    if (entry.previous() < 0) {
      return Optional.empty();
    }
    return entry.previous() < log.first() ? null : Optional.of(log.entry(entry.previous()));
  }

  private static boolean mayChange(LogWindow.Entry entry, Optional<LogWindow.Entry> previous, String proxyId, Assembly after) {
    List<MeshResource> resources = new ArrayList<>();
    resource(entry.change()).ifPresent(resources::add);
    previous.flatMap(p -> resource(p.change())).ifPresent(resources::add);
    Set<String> reached = new HashSet<>();
    for (MeshResource resource : resources) {
      if (resource instanceof Workload w && w.proxyId().filter(proxyId::equals).isPresent()) {
        return true; // the proxy's own workload: its identity, labels, namespace
      }
      reached.addAll(DependencyKeys.mayReach(resource));
    }
    return DependencyKeys.overlap(reached, after.dependencies());
  }

  private static Optional<MeshResource> resource(MeshChange change) {
    return change instanceof MeshChange.Put put ? Optional.of(put.resource()) : Optional.empty();
  }

  /** The state with each noted key put back as it was before its undone change (null: it did not exist). */
  private static MeshState undone(MeshState state, Map<String, LogWindow.Entry> undo) {
    MeshState s = state;
    for (Map.Entry<String, LogWindow.Entry> e : undo.entrySet()) {
      LogWindow.Entry was = e.getValue();
      if (was == null || was.change() instanceof MeshChange.Remove) {
        s = s.apply(new MeshChange.Remove(e.getKey()));
        continue;
      }
      if (s.resource(e.getKey()).isEmpty() && was.creation().isPresent() && was.creation().get() != was.change()) {
        s = s.apply(was.creation().get()); // re-creating: the resource keeps the chain sequence it was created at
      }
      s = s.apply(was.change());
    }
    return s;
  }

  private static Found found(String proxyId, Assembly.Built built, long version) {
    ProxySnapshot content = SnapshotWire.content(built.config());
    return new Found(proxyId, version, SnapshotWire.hashOf(content), content);
  }

  private static String hash(Assembly.Built built) {
    return SnapshotWire.hashOf(SnapshotWire.content(built.config()));
  }
}
