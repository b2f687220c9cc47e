package dev.meshlog.ingest.kubernetes.istio;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.Map;

/**
 * How deep an object from the API server nests its maps and lists, walked without recursion, so that an object
 * too deep for the YAML limits is refused before anything recurses into it.
 */
final class NestingDepth {

  private NestingDepth() {}

  /** True when {@code value} has a map or list more than {@code limit} levels down. */
  static boolean exceeds(Object value, int limit) {
    Deque<Level> pending = new ArrayDeque<>();
    pending.push(new Level(value, 0));
    while (!pending.isEmpty()) {
      Level level = pending.pop();
      Collection<?> children = level.value() instanceof Map<?, ?> map ? map.values()
          : level.value() instanceof Collection<?> list ? list : null;
      if (children == null) {
        continue;
      }
      if (level.depth() >= limit) {
        return true;
      }
      children.forEach(child -> pending.push(new Level(child, level.depth() + 1)));
    }
    return false;
  }

  private record Level(Object value, int depth) {}
}
