package dev.meshlog.cli.replay;

import dev.meshlog.engine.snapshot.DestinationRule;
import dev.meshlog.engine.snapshot.LogPosition;
import dev.meshlog.engine.snapshot.MeshChange;
import dev.meshlog.engine.snapshot.MeshResource;
import dev.meshlog.engine.snapshot.MeshState;
import dev.meshlog.engine.snapshot.ProxyConfig;
import dev.meshlog.engine.snapshot.SnapshotAssembler;
import dev.meshlog.engine.snapshot.VirtualService;
import dev.meshlog.engine.snapshot.Workload;
import dev.meshlog.engine.wire.SnapshotWire;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The engine's snapshot versions without the engine's cost. Folding forward, the engine reassembles every affected
 * proxy at every event; over a million events that is hours. But a snapshot's version is only the position of the
 * last input that changed the proxy's content, so this records the inputs going forward (no assembly at all), builds
 * the final state from the last change of each key, and then walks back from the end, undoing one input at a time,
 * assembling a proxy again only where an input touched what it reads ({@link Touch}), until each proxy's content
 * differs from its final content: the input after that is its version. Mostly that is the last input touching it.
 *
 * <p>Same rules as {@code SnapshotProcessor}: a rejected assembly keeps the previous effective content; a proxy
 * that was absent has none, so the input that (re)registered it starts its current snapshot. The forward fold
 * ({@code ForwardFold} in the tests) is the reference: {@code TailSearchTest} holds the two to the same versions
 * and hashes over random histories.
 */
final class TailSearch {

  /**
   * One folded input: where it was, its key (null: it changed nothing, but it still counts in the position), the
   * previous input on the same key (-1: none), for a put the creation sequence of the resource's incarnation, and the
   * dependency keys it may reach. Its change itself is kept apart, and only while it may be needed.
   */
  private record Step(int partition, long offset, String key, int previous, long created, Touch touch) {}

  /** Reads one input again, for a change no longer kept in memory. */
  interface Refetch {
    Optional<MeshChange> at(String topic, int partition, long offset);

    Refetch NONE = (topic, partition, offset) -> {
      throw new IllegalStateException("the input at " + topic + "-" + partition + "@" + offset + " is no longer in memory");
    };
  }

  /** What the search found for one proxy. */
  record Found(ProxyConfig config, String hash, LogPosition position) {}

  /** Inputs whose change stays in memory however old: enough for almost every walk back. */
  static final int WINDOW = 50_000;

  private final String trustDomain;
  private final int window;
  private final Refetch refetch;
  private final List<LogPosition.Partition> partitions = new ArrayList<>();
  private final Map<LogPosition.Partition, Integer> partitionIndex = new HashMap<>();
  private final ArrayList<Step> steps = new ArrayList<>();
  /** By step: the change, or null once it is older than the window and no longer its key's last. */
  private final ArrayList<MeshChange> changes = new ArrayList<>();
  private final Map<String, Integer> lastByKey = new HashMap<>();
  /** One instance per distinct key and touch: a million inputs on a few hundred resources share them. */
  private final Map<String, String> keys = new HashMap<>();
  private final Map<Touch, Touch> touches = new HashMap<>();

  TailSearch(String trustDomain) {
    this(trustDomain, WINDOW, Refetch.NONE);
  }

  TailSearch(String trustDomain, int window, Refetch refetch) {
    this.trustDomain = trustDomain;
    this.window = window;
    this.refetch = refetch;
  }

  /** Records one folded input, in fold order. */
  void record(String topic, int partition, long offset, Optional<MeshChange> change) {
    LogPosition.Partition p = new LogPosition.Partition(topic, partition);
    int index = partitionIndex.computeIfAbsent(p, k -> {
      partitions.add(k);
      return partitions.size() - 1;
    });
    if (change.isEmpty()) {
      steps.add(new Step(index, offset, null, -1, -1, null));
      changes.add(null);
      return;
    }
    MeshChange c = change.get();
    String key = keys.computeIfAbsent(c.key(), k -> k);
    Integer previous = lastByKey.put(key, steps.size());
    int prev = previous == null ? -1 : previous;
    long created = -1;
    if (c instanceof MeshChange.Put put) {
      MeshChange before = prev < 0 ? null : changes.get(prev); // its key's last until now: still in memory
      // an update keeps the creation sequence of the resource it replaces, as MeshState does
      created = before instanceof MeshChange.Put ? steps.get(prev).created() : createdOf(put.resource());
    }
    Optional<MeshResource> was = prev < 0 ? Optional.empty() : resourceAt(prev);
    Optional<MeshResource> now = c instanceof MeshChange.Put put ? Optional.of(withCreated(put.resource(), created)) : Optional.empty();
    Touch touch = touches.computeIfAbsent(Touch.of(was, now), t -> t);
    steps.add(new Step(index, offset, key, prev, created, touch));
    changes.add(c);
    int old = steps.size() - 1 - window;
    if (prev >= 0 && prev <= old) {
      changes.set(prev, null); // no longer its key's last, and old
    }
    if (old >= 0 && steps.get(old).key() != null && lastByKey.get(steps.get(old).key()) != old) {
      changes.set(old, null);
    }
  }

  /** The final state: each key's last change, with the creation sequence of its incarnation. */
  MeshState finalState() {
    MeshState state = MeshState.empty(trustDomain);
    for (int i : lastByKey.values()) {
      Optional<MeshResource> resource = resourceAt(i);
      if (resource.isPresent()) {
        state = state.apply(new MeshChange.Put(steps.get(i).key(), resource.get()));
      }
    }
    return state;
  }

  /** Each tracked proxy's final content, hash and the position it took its version at; proxies with none are left out. */
  SortedMap<String, Found> resolve(Predicate<String> tracked) {
    MeshState last = finalState();
    Map<String, ProxySearch> open = new LinkedHashMap<>();
    for (Workload proxy : last.proxies().values()) {
      String id = proxy.proxyId().orElseThrow();
      if (tracked.test(id)) {
        open.put(id, new ProxySearch(id, SnapshotAssembler.assemble(last, proxy)));
      }
    }
    SortedMap<String, Integer> found = new TreeMap<>();
    Map<String, ProxyConfig> contents = new HashMap<>();
    Rewind rewind = new Rewind(last);
    for (int i = steps.size() - 1; i >= 0 && !open.isEmpty(); i--) {
      Step step = steps.get(i);
      if (step.key() == null) {
        continue;
      }
      Touch touch = step.touch();
      rewind.undo(step.key(), step.previous());
      for (var it = open.values().iterator(); it.hasNext(); ) {
        ProxySearch search = it.next();
        if (!touch.reaches(search.id(), search.dependencies())) {
          continue;
        }
        MeshState before = rewind.state(this);
        Optional<Workload> proxy = Optional.ofNullable(before.proxies().get(search.id()));
        Optional<Integer> start = search.step(i, proxy.map(w -> SnapshotAssembler.assemble(before, w)));
        if (start.isPresent() || search.gone()) {
          it.remove();
          start.ifPresent(s -> found.put(search.id(), s));
          contents.put(search.id(), search.content());
        }
      }
    }
    for (ProxySearch search : open.values()) {
      // every input was walked back and it was never absent: before the log it was
      search.step(0, Optional.empty()).ifPresent(s -> found.put(search.id(), s));
      contents.put(search.id(), search.content());
    }
    Map<Integer, LogPosition> positions = positionsAt(new java.util.TreeSet<>(found.values()));
    SortedMap<String, Found> result = new TreeMap<>();
    found.forEach((id, step) -> {
      ProxyConfig config = contents.get(id);
      result.put(id, new Found(config, SnapshotWire.hashOf(SnapshotWire.content(config)), positions.get(step)));
    });
    return result;
  }

  /** The log position after each of {@code indexes}: the last offset of each partition up to it, in one pass. */
  private Map<Integer, LogPosition> positionsAt(java.util.SortedSet<Integer> indexes) {
    Map<Integer, LogPosition> out = new HashMap<>();
    Map<Integer, Long> offsets = new TreeMap<>();
    int i = 0;
    for (int index : indexes) {
      for (; i <= index; i++) {
        offsets.put(steps.get(i).partition(), steps.get(i).offset());
      }
      LogPosition position = LogPosition.START;
      for (Map.Entry<Integer, Long> e : offsets.entrySet()) {
        LogPosition.Partition p = partitions.get(e.getKey());
        position = position.advance(p.topic(), p.partition(), e.getValue());
      }
      out.put(index, position);
    }
    return out;
  }

  /** The resource under step {@code index}'s key right after it (with its incarnation's creation sequence). */
  Optional<MeshResource> resourceAt(int index) {
    Step step = steps.get(index);
    MeshChange change = changes.get(index);
    if (change == null && step.key() != null) {
      LogPosition.Partition p = partitions.get(step.partition());
      change = refetch.at(p.topic(), p.partition(), step.offset())
          .filter(c -> c.key().equals(step.key()))
          .orElseThrow(() -> new IllegalStateException("the input at " + p.topic() + "-" + p.partition() + "@" + step.offset()
              + " no longer reads as a change of " + step.key()));
    }
    return change instanceof MeshChange.Put put ? Optional.of(withCreated(put.resource(), step.created())) : Optional.empty();
  }

  private static long createdOf(MeshResource resource) {
    if (resource instanceof VirtualService vs) {
      return vs.created();
    }
    return resource instanceof DestinationRule dr ? dr.created() : -1;
  }

  private static MeshResource withCreated(MeshResource resource, long created) {
    if (resource instanceof VirtualService vs && vs.created() != created) {
      return vs.withCreated(created);
    }
    if (resource instanceof DestinationRule dr && dr.created() != created) {
      return dr.withCreated(created);
    }
    return resource;
  }
}
