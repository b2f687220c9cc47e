package dev.meshlog.proxy.listener.limits;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/**
 * Downstream refusals by listener and reason, for {@code /stats/prometheus}. Counted on event loops,
 * read on the admin's thread.
 */
public final class DownstreamRejections {

  private final Map<String, EnumMap<Rejection, LongAdder>> byListener = new ConcurrentHashMap<>();
  private final Map<String, IntSupplier> openConnections = new ConcurrentHashMap<>();

  /** Makes {@code listener} show on /stats, with its open connections and zeros before its first refusal. */
  public void register(String listener, IntSupplier open) {
    openConnections.put(listener, open);
    register(listener);
  }

  private void register(String listener) {
    byListener.computeIfAbsent(listener, l -> {
      EnumMap<Rejection, LongAdder> counters = new EnumMap<>(Rejection.class);
      for (Rejection reason : Rejection.values()) {
        counters.put(reason, new LongAdder());
      }
      return counters;
    });
  }

  public void count(String listener, Rejection reason) {
    register(listener);
    byListener.get(listener).get(reason).increment();
  }

  /** Refusals of {@code listener} for {@code reason} so far. */
  public long get(String listener, Rejection reason) {
    EnumMap<Rejection, LongAdder> counters = byListener.get(listener);
    return counters == null ? 0 : counters.get(reason).sum();
  }

  /** listener -> downstream connections open now, listeners in name order. */
  public Map<String, Integer> openConnections() {
    Map<String, Integer> out = new LinkedHashMap<>();
    openConnections.keySet().stream().sorted().forEach(l -> out.put(l, openConnections.get(l).getAsInt()));
    return out;
  }

  /** listener -> reason -> count, listeners in name order. */
  public Map<String, Map<Rejection, Long>> snapshot() {
    Map<String, Map<Rejection, Long>> out = new LinkedHashMap<>();
    byListener.keySet().stream().sorted().forEach(listener -> {
      Map<Rejection, Long> counts = new EnumMap<>(Rejection.class);
      byListener.get(listener).forEach((reason, adder) -> counts.put(reason, adder.sum()));
      out.put(listener, counts);
    });
    return out;
  }
}
