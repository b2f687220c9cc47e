package dev.meshlog.engine.snapshot;

import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * One proxy's assembly: a consistent configuration, or the reason there is none. Either way it
 * carries the {@link DependencyKeys} the assembly read, for the builder's reverse index.
 */
public sealed interface Assembly permits Assembly.Built, Assembly.Rejected {

  String proxyId();

  SortedSet<String> dependencies();

  record Built(ProxyConfig config, SortedSet<String> dependencies) implements Assembly {
    public Built {
      Objects.requireNonNull(config, "config");
      dependencies = frozen(dependencies);
    }

    @Override
    public String proxyId() {
      return config.proxyId();
    }
  }

  /** The assembled configuration failed {@link SnapshotConsistency}: it must not be published. */
  record Rejected(String proxyId, String reason, SortedSet<String> dependencies) implements Assembly {
    public Rejected {
      Objects.requireNonNull(proxyId, "proxyId");
      Objects.requireNonNull(reason, "reason");
      dependencies = frozen(dependencies);
    }
  }

  private static SortedSet<String> frozen(Set<String> keys) {
    return Collections.unmodifiableSortedSet(new TreeSet<>(keys));
  }
}
