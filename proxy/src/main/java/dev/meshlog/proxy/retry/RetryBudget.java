package dev.meshlog.proxy.retry;

import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/**
 * One cluster's retry budget and counters, shared by every event loop and kept across snapshot
 * swaps with the rest of the cluster's live state. Concurrent retries may not exceed {@code max(3, 20%)} of the
 * cluster's active requests (Envoy's retry budget with its defaults), nor the cluster's
 * {@code maxRetries} when set (Envoy's max_retries circuit breaker).
 *
 * <p>A retry is active from the moment it is granted (its back-off included) until the outcome of
 * the attempt it started is known or the request ends, as in Envoy's RetryStateImpl.
 */
public final class RetryBudget {

  static final int MIN_RETRY_CONCURRENCY = 3;
  static final double BUDGET_PERCENT = 20.0;

  private final String cluster;
  private final IntSupplier activeRequests;
  private final AtomicInteger activeRetries = new AtomicInteger();
  private final LongAdder retries = new LongAdder();
  private final LongAdder overflow = new LongAdder();
  private final LongAdder limitExceeded = new LongAdder();

  /** @param activeRequests the cluster's requests in flight (its circuit breaker counts them) */
  public RetryBudget(String cluster, IntSupplier activeRequests) {
    this.cluster = cluster;
    this.activeRequests = activeRequests;
  }

  /** How many retries may be active at once with {@code activeRequests} requests to the cluster. */
  public static int allowedRetries(int activeRequests, OptionalInt maxRetries) {
    int budget = Math.max(MIN_RETRY_CONCURRENCY, (int) (BUDGET_PERCENT * Math.max(0, activeRequests) / 100.0));
    return maxRetries.isPresent() ? Math.min(budget, Math.max(0, maxRetries.getAsInt())) : budget;
  }

  public String cluster() {
    return cluster;
  }

  /** Takes a retry slot, or counts an overflow and refuses when the budget is spent. */
  public boolean tryStartRetry(OptionalInt maxRetries) {
    int limit = allowedRetries(activeRequests.getAsInt(), maxRetries);
    int current;
    do {
      current = activeRetries.get();
      if (current >= limit) {
        overflow.increment();
        return false;
      }
    } while (!activeRetries.compareAndSet(current, current + 1));
    retries.increment();
    return true;
  }

  /** Gives back a slot {@link #tryStartRetry} granted. */
  public void retryEnded() {
    activeRetries.decrementAndGet();
  }

  /** A request that would have been retried had it retries left (Envoy's URX). */
  public void limitExceeded() {
    limitExceeded.increment();
  }

  public int activeRequests() {
    return activeRequests.getAsInt();
  }

  public int activeRetries() {
    return activeRetries.get();
  }

  /** Retries granted since start (Envoy's upstream_rq_retry). */
  public long retries() {
    return retries.sum();
  }

  /** Retries refused by the budget or the max_retries limit (Envoy's upstream_rq_retry_overflow). */
  public long overflow() {
    return overflow.sum();
  }

  /** Requests whose retries ran out (Envoy's upstream_rq_retry_limit_exceeded). */
  public long limitExceededCount() {
    return limitExceeded.sum();
  }
}
