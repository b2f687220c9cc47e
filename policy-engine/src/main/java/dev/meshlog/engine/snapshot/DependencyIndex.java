package dev.meshlog.engine.snapshot;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/** Per proxy, the dependency keys its last assembly read; and the reverse, per key, the proxies that read it. */
final class DependencyIndex {

  private final Map<String, Set<String>> keysByProxy = new HashMap<>();
  private final Map<String, Set<String>> proxiesByKey = new HashMap<>();

  void put(String proxyId, Set<String> keys) {
    if (keys.equals(keysByProxy.get(proxyId))) {
      return; // the usual case (a route or an endpoint changed, not the scope): nothing to move
    }
    remove(proxyId);
    keysByProxy.put(proxyId, Set.copyOf(keys));
    keys.forEach(key -> proxiesByKey.computeIfAbsent(key, k -> new TreeSet<>()).add(proxyId));
  }

  void remove(String proxyId) {
    Set<String> keys = keysByProxy.remove(proxyId);
    if (keys == null) {
      return;
    }
    for (String key : keys) {
      Set<String> proxies = proxiesByKey.get(key);
      proxies.remove(proxyId);
      if (proxies.isEmpty()) {
        proxiesByKey.remove(key);
      }
    }
  }

  /** The proxies indexed under any of {@code keys}, in id order. */
  SortedSet<String> proxiesUnder(Collection<String> keys) {
    SortedSet<String> proxies = new TreeSet<>();
    keys.forEach(key -> proxies.addAll(proxiesByKey.getOrDefault(key, Set.of())));
    return proxies;
  }

  int size() {
    return keysByProxy.size();
  }
}
