package dev.meshlog.proxy.balance;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * Envoy's ring hash ({@code RING_HASH}, Istio's {@code consistentHash}). Each endpoint is hashed
 * onto a ring at {@code xxHash64("<ringKey>_<i>")} for as many {@code i} as its share of the ring,
 * which holds at least {@code minimumRingSize} entries; a request's key is hashed with xxHash64 too
 * and goes to the first entry at or after it, wrapping around. Removing one endpoint of N therefore
 * moves only the keys on its entries (about 1/N) plus those the survivors' extra entries take: the
 * ring keeps its minimum size, so each survivor gains about 1/N more entries. A modulo hash would
 * move (N-1)/N.
 *
 * <p>A request without a key (no such header, cookie or address) lands on a random point of the
 * ring, as in Envoy, which is a weighted random pick. The ring is immutable once built.
 */
public final class RingHashBalancer<T> implements Balancer<T> {

  /**
   * Ring entries at most. Envoy's default cap is 8M; this sidecar's memory budget is 64 MB and an
   * entry costs 12 bytes, so it caps at 1M (12 MB) instead.
   */
  public static final long MAXIMUM_RING_SIZE = 1 << 20;

  private final Picks<T> picks;
  private final Optional<HashPolicy> hashOn;
  /** Entry hashes in unsigned order, stored with the sign bit flipped so signed compares work. */
  private final long[] points;
  /** The endpoint index owning each entry. */
  private final int[] owners;

  /**
   * @param ringKeyOf the stable text that places an endpoint on the ring (Envoy: its address)
   * @param hashOn what to hash per request; empty picks at random
   */
  public RingHashBalancer(List<T> endpoints, ToIntFunction<? super T> weightOf, Function<? super T, String> ringKeyOf,
      Optional<HashPolicy> hashOn, long minimumRingSize) {
    this(endpoints, weightOf, ringKeyOf, hashOn, minimumRingSize, endpoint -> HostHealth.ALWAYS_HEALTHY);
  }

  /** @param healthOf an endpoint's health; one outlier detection ejected is skipped: a key on its entries walks on to the next healthy one */
  public RingHashBalancer(List<T> endpoints, ToIntFunction<? super T> weightOf, Function<? super T, String> ringKeyOf,
      Optional<HashPolicy> hashOn, long minimumRingSize, Function<? super T, ? extends HostHealth> healthOf) {
    this.picks = new Picks<>(List.copyOf(endpoints), healthOf);
    this.hashOn = Objects.requireNonNull(hashOn, "hashOn");
    Weights weights = Weights.of(endpoints, weightOf);
    int[] ownerOfEntry = ownersInOrder(weights, Math.min(Math.max(1, minimumRingSize), MAXIMUM_RING_SIZE));
    long[] unsorted = hashes(endpoints, ownerOfEntry, ringKeyOf);
    this.points = unsorted.clone();
    Arrays.sort(points);
    this.owners = new int[points.length];
    Arrays.fill(owners, -1);
    // Primitive sorts and searches: a boxed index sort of a 1M-entry ring takes a second.
    for (int entry = 0; entry < unsorted.length; entry++) {
      int at = Arrays.binarySearch(points, unsorted[entry]);
      while (at > 0 && points[at - 1] == unsorted[entry]) {
        at--;
      }
      while (owners[at] != -1) {
        at++; // equal points (a hash collision) take consecutive slots
      }
      owners[at] = ownerOfEntry[entry];
    }
  }

  @Override
  public Optional<T> pick(PickContext context) {
    if (points.length == 0) {
      return Optional.empty();
    }
    Optional<String> key = hashOn.isPresent() ? hashOn.get().keyOf(context) : Optional.empty();
    return pickAt(key.isPresent() ? XxHash64.hash(key.get()) : context.random().nextLong());
  }

  /** The endpoint owning the first entry at or after {@code hash}, an unsigned 64-bit position. */
  Optional<T> pickAt(long hash) {
    if (points.length == 0) {
      return Optional.empty();
    }
    int entry = entryAtOrAfter(hash ^ Long.MIN_VALUE);
    return picks.ejected(owners[entry]) ? nextHealthy(entry) : picks.at(owners[entry]);
  }

  /** Out of line, so the common pick stays small enough to inline. */
  private Optional<T> nextHealthy(int entry) {
    // Envoy's ring over the healthy hosts: the key goes to the next entry a healthy endpoint owns,
    // so keys of healthy endpoints never move. Checked first, so the walk always ends.
    if (!picks.anyHealthy()) {
      return Optional.empty();
    }
    for (int step = 1; step < owners.length; step++) {
      int owner = owners[(entry + step) % owners.length];
      if (!picks.ejected(owner)) {
        return picks.at(owner);
      }
    }
    return Optional.empty(); // every endpoint was ejected during the walk
  }

  @Override
  public int size() {
    return picks.size();
  }

  /** How many entries the ring holds; at least the minimum ring size when there are endpoints. */
  public int ringSize() {
    return points.length;
  }

  /** The first entry whose point is at or after {@code point}, wrapping to the first entry. */
  private int entryAtOrAfter(long point) {
    int low = 0;
    int high = points.length;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (points[mid] < point) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low == points.length ? 0 : low;
  }

  /**
   * Entry {@code i} of an endpoint hashes {@code "<ringKey>_<i>"}, as Envoy's entries do; returned
   * with the sign bit flipped, the form {@link #points} keeps.
   */
  private static <T> long[] hashes(List<T> endpoints, int[] ownerOfEntry, Function<? super T, String> ringKeyOf) {
    long[] hashes = new long[ownerOfEntry.length];
    String prefix = "";
    int replica = 0;
    for (int entry = 0; entry < hashes.length; entry++) {
      boolean sameEndpoint = entry > 0 && ownerOfEntry[entry] == ownerOfEntry[entry - 1];
      replica = sameEndpoint ? replica + 1 : 0;
      prefix = sameEndpoint ? prefix : ringKeyOf.apply(endpoints.get(ownerOfEntry[entry])) + "_";
      hashes[entry] = XxHash64.hash(prefix + replica) ^ Long.MIN_VALUE;
    }
    return hashes;
  }

  /** Endpoint index of each entry before sorting: endpoint 0's entries, then endpoint 1's, and so on. */
  private static int[] ownersInOrder(Weights weights, long minimumRingSize) {
    if (weights.size() == 0) {
      return new int[0];
    }
    long total = 0;
    int lightest = Integer.MAX_VALUE;
    for (int i = 0; i < weights.size(); i++) {
      total += weights.weight(i);
      lightest = Math.min(lightest, weights.weight(i));
    }
    // Envoy's sizing: scale the shares so the lightest endpoint still gets its share of the minimum
    // ring size (rounded up), then hand out entries against a cumulative target.
    double minShare = (double) lightest / total;
    double scale = Math.min(Math.ceil(minShare * minimumRingSize) / minShare, (double) MAXIMUM_RING_SIZE);
    int[] owners = new int[(int) Math.ceil(scale) + weights.size()];
    int count = 0;
    double target = 0;
    for (int i = 0; i < weights.size(); i++) {
      target += scale * weights.weight(i) / total;
      while (count < target) {
        owners[count++] = i;
      }
    }
    return Arrays.copyOf(owners, count);
  }
}
