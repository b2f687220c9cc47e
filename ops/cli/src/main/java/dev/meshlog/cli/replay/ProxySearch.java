package dev.meshlog.cli.replay;

import dev.meshlog.engine.snapshot.Assembly;
import dev.meshlog.engine.snapshot.ProxyConfig;
import dev.meshlog.engine.wire.SnapshotWire;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One proxy walking back. {@code current} is its assembly at the step being looked at; {@code content} the final
 * effective content (null while every assembly since the end was rejected); {@code candidate} the earliest step
 * known to start the final run of that content.
 */
final class ProxySearch {
  private final String id;
  private Assembly current;
  private ProxyConfig content;
  private int candidate = -1;
  private boolean gone;

  ProxySearch(String id, Assembly last) {
    this.id = id;
    this.current = last;
    if (last instanceof Assembly.Built built) {
      content = built.config();
    }
  }

  String id() {
    return id;
  }

  Set<String> dependencies() {
    return current.dependencies();
  }

  ProxyConfig content() {
    return content;
  }

  boolean gone() {
    return gone;
  }

  /**
   * Input {@code i} touched the proxy; {@code before} is its assembly before input {@code i} (empty: not registered).
   * Returns the step its version is at once known.
   */
  Optional<Integer> step(int i, Optional<Assembly> before) {
    if (content != null && current instanceof Assembly.Built built && same(built.config(), content)) {
      candidate = i; // the final content held from input i on
    }
    if (before.isEmpty()) {
      gone = true;
      return content == null ? Optional.empty() : Optional.of(Math.max(candidate, 0));
    }
    Assembly a = before.get();
    if (a instanceof Assembly.Built built) {
      if (content == null) {
        content = built.config(); // every later assembly was rejected: this is what the engine kept
      } else if (!same(built.config(), content)) {
        return Optional.of(Math.max(candidate, 0));
      }
    }
    current = a;
    return Optional.empty();
  }

  private static boolean same(ProxyConfig a, ProxyConfig b) {
    return a.equals(b) || Objects.equals(SnapshotWire.contentHash(a), SnapshotWire.contentHash(b));
  }
}
