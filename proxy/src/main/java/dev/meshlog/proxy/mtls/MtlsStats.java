package dev.meshlog.proxy.mtls;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * The sidecar's TLS counters, named as Envoy's listener and cluster {@code ssl.*} stats, and the
 * rate-limited warning that goes with each refusal (a refused peer can retry many times a second;
 * the log says it once per {@link #LOG_INTERVAL_MILLIS} per kind, the counter counts every one).
 */
public final class MtlsStats {

  /** Kinds of outcome, each a counter on /stats. */
  public enum Counter {
    HANDSHAKE("ssl.handshake", "TLS handshakes completed with a verified mesh peer."),
    CONNECTION_ERROR("ssl.connection_error", "TLS handshakes that failed for another reason than verification."),
    FAIL_VERIFY_ERROR("ssl.fail_verify_error", "Peer certificates refused: untrusted CA, expired or not yet valid."),
    FAIL_VERIFY_SAN("ssl.fail_verify_san", "Peer certificates refused: wrong trust domain, no or several SPIFFE URIs, or not the expected identity."),
    NO_CERTIFICATE("ssl.no_certificate", "Connections refused because a certificate was missing (ours or the peer's)."),
    PLAINTEXT_REFUSED("mtls.plaintext_refused", "Plaintext connections refused by a STRICT PeerAuthentication.");

    private final String statName;
    private final String help;

    Counter(String statName, String help) {
      this.statName = statName;
      this.help = help;
    }

    public String statName() {
      return statName;
    }

    public String help() {
      return help;
    }
  }

  static final long LOG_INTERVAL_MILLIS = 10_000;

  private final Map<Counter, AtomicLong> counts = new LinkedHashMap<>();
  private final Map<Counter, AtomicLong> lastLogged = new LinkedHashMap<>();

  public MtlsStats() {
    for (Counter c : Counter.values()) {
      counts.put(c, new AtomicLong());
      lastLogged.put(c, new AtomicLong(Long.MIN_VALUE));
    }
  }

  public long get(Counter counter) {
    return counts.get(counter).get();
  }

  /** Every counter, in declaration order. */
  public Map<Counter, Long> snapshot() {
    Map<Counter, Long> out = new LinkedHashMap<>();
    counts.forEach((c, v) -> out.put(c, v.get()));
    return out;
  }

  public void count(Counter counter) {
    counts.get(counter).incrementAndGet();
  }

  /** Counts a refusal and logs it at warn, at most once per interval per kind (the count says how many). */
  public void refuse(Counter counter, Logger log, String format, Object... args) {
    long total = counts.get(counter).incrementAndGet();
    long now = System.currentTimeMillis();
    AtomicLong last = lastLogged.get(counter);
    long before = last.get();
    if (now - before >= LOG_INTERVAL_MILLIS && last.compareAndSet(before, now)) {
      Object[] withTotal = java.util.Arrays.copyOf(args, args.length + 2);
      withTotal[args.length] = counter.statName();
      withTotal[args.length + 1] = total;
      log.warn(format + " ({} = {}; logged at most every 10 s)", withTotal);
    }
  }
}
