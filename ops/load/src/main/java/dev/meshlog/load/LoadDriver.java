package dev.meshlog.load;

import java.io.PrintStream;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * The open-loop load driver of ops/bench/overload-bench.sh: a constant arrival rate (unlike wrk,
 * which waits for each answer before the next request), status codes and the overload header
 * counted apart, and latency of served requests corrected for coordinated omission.
 *
 * <pre>java -cp ... dev.meshlog.load.LoadDriver --url http://127.0.0.1:18083/ --rate 20000 --connections 1024
 *     --warmup 5 --duration 30 [--timeout-ms 10000] [--host-header H]</pre>
 *
 * Prints a human summary and one {@code LOADRESULT key=value ...} line for scripts.
 */
public final class LoadDriver {

  private LoadDriver() {}

  public static void main(String[] args) throws InterruptedException {
    LoadSettings settings;
    try {
      settings = LoadSettings.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("load: " + e.getMessage());
      System.exit(2);
      return;
    }
    OpenLoop run = new OpenLoop(settings, System.err);
    Results r = run.run();
    print(settings, run, r, System.out);
  }

  static void print(LoadSettings s, OpenLoop run, Results r, PrintStream out) {
    double seconds = s.duration().toMillis() / 1000.0;
    Histogram h = r.served;
    out.printf(Locale.ROOT, "offered %d req/s for %.0f s over %d connections: %d requests%n", s.rate(), seconds,
        s.connections(), r.offered);
    out.printf(Locale.ROOT, "served (200) %.1f/s, shed (503 overloaded) %.1f/s, other status %d %s, errors %d, timeouts %d,"
        + " never sent %d, unanswered %d%n", r.ok / seconds, r.shed / seconds, r.other(), r.otherStatus, r.errors,
        r.timeouts, run.unsent, run.unanswered);
    out.printf(Locale.ROOT, "served latency from the scheduled send (ms): p50 %.3f p90 %.3f p99 %.3f p99.9 %.3f max %.3f%n",
        ms(h, 50), ms(h, 90), ms(h, 99), ms(h, 99.9), h.getMaxValue() / 1000.0);
    Histogram sent = r.servedFromSend;
    out.printf(Locale.ROOT, "served latency from the actual send (ms): p50 %.3f p90 %.3f p99 %.3f max %.3f%n",
        ms(sent, 50), ms(sent, 90), ms(sent, 99), sent.getMaxValue() / 1000.0);
    out.printf(Locale.ROOT, "LOADRESULT offered_rps=%d seconds=%.0f requests=%d ok=%d shed=%d other=%d errors=%d timeouts=%d"
            + " unsent=%d unanswered=%d served_rps=%.1f shed_rps=%.1f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f p999_ms=%.3f"
            + " max_ms=%.3f shed_p50_ms=%.3f shed_p99_ms=%.3f sent_p50_ms=%.3f sent_p99_ms=%.3f%n",
        s.rate(), seconds, r.offered, r.ok, r.shed, r.other(), r.errors, r.timeouts, run.unsent, run.unanswered,
        r.ok / seconds, r.shed / seconds, ms(h, 50), ms(h, 90), ms(h, 99), ms(h, 99.9), h.getMaxValue() / 1000.0,
        ms(r.shedLatency, 50), ms(r.shedLatency, 99), ms(sent, 50), ms(sent, 99));
  }

  private static double ms(Histogram h, double percentile) {
    return h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(percentile) / 1000.0;
  }
}
