package dev.meshlog.cli.bench;

import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One freshness measurement: warm up until the route works and the warm-up requests are counted, take
 * the counter as the baseline, then send {@code rate} requests a second one at a time through the
 * client sidecar while another thread scrapes /metrics, and wait (up to {@link #DRAIN}) until the last
 * request is counted.
 */
final class FreshnessRun {

  static final Duration WARMUP = Duration.ofSeconds(120);
  static final Duration DRAIN = Duration.ofSeconds(60);
  private static final URI TARGET = URI.create("http://" + FreshnessMesh.SERVICE + "/");

  private final HttpClient viaSidecar;
  private final HttpClient direct = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final HttpRequest scrape;
  private final CounterScrape counter;
  private final AtomicLong scrapeNanos = new AtomicLong();
  private final AtomicLong slowestScrapeNanos = new AtomicLong();
  private final AtomicInteger scrapes = new AtomicInteger();

  FreshnessRun(int clientSidecarPort, String metricsUrl, CounterScrape counter) {
    this.viaSidecar = HttpClient.newBuilder().proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", clientSidecarPort)))
        .connectTimeout(Duration.ofSeconds(5)).build();
    this.scrape = HttpRequest.newBuilder(URI.create(metricsUrl)).timeout(Duration.ofSeconds(10)).build();
    this.counter = counter;
  }

  FreshnessTracker measure(int rate, Duration sendFor, Duration pollEvery, PrintWriter out) throws Exception {
    int warm = warmUp();
    long baseline = awaitCounter(warm);
    out.printf("warm-up: %d requests answered 200, counter at %d%n", warm, baseline);
    out.flush();
    int total = (int) Math.max(1, rate * sendFor.toMillis() / 1000);
    FreshnessTracker tracker = new FreshnessTracker(total);
    tracker.baseline(baseline);
    ScheduledExecutorService threads = Executors.newScheduledThreadPool(2, r -> {
      Thread t = new Thread(r, "freshness-bench");
      t.setDaemon(true);
      return t;
    });
    AtomicInteger failures = new AtomicInteger();
    CountDownLatch sent = new CountDownLatch(total);
    try {
      threads.scheduleAtFixedRate(() -> {
        try {
          tracker.observed(read(), System.nanoTime());
        } catch (Exception e) {
          // A failed scrape is just a missed poll.
        }
      }, 0, pollEvery.toNanos(), TimeUnit.NANOSECONDS);
      threads.scheduleAtFixedRate(() -> {
        if (sent.getCount() == 0) {
          return;
        }
        tracker.sending(System.nanoTime());
        if (!sendOne()) {
          tracker.failed();
          failures.incrementAndGet();
        }
        sent.countDown();
      }, 0, 1_000_000_000L / rate, TimeUnit.NANOSECONDS);
      sent.await();
      long deadline = System.nanoTime() + DRAIN.toNanos();
      while (tracker.visibleCount() < tracker.sentCount() && System.nanoTime() < deadline) {
        Thread.sleep(pollEvery.toMillis());
      }
    } finally {
      threads.shutdownNow();
    }
    if (failures.get() > 0) {
      out.printf("%d requests failed (not counted as 200, left out)%n", failures.get());
    }
    return tracker;
  }

  private int warmUp() throws InterruptedException {
    long deadline = System.nanoTime() + WARMUP.toNanos();
    int ok = 0;
    while (ok < 5) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("no route to http://" + FreshnessMesh.SERVICE + "/ through the client sidecar after " + WARMUP);
      }
      if (sendOne()) {
        ok++;
      } else {
        Thread.sleep(200);
      }
    }
    return ok;
  }

  /** Waits until the counter shows at least the warm-up requests and then holds still for a second. */
  private long awaitCounter(int atLeast) throws Exception {
    long deadline = System.nanoTime() + WARMUP.toNanos();
    long last = -1;
    long stableSince = System.nanoTime();
    while (System.nanoTime() < deadline) {
      long now = read();
      if (now != last) {
        last = now;
        stableSince = System.nanoTime();
      } else if (now >= atLeast && System.nanoTime() - stableSince > TimeUnit.SECONDS.toNanos(1)) {
        return now;
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("/metrics did not count the " + atLeast + " warm-up requests within " + WARMUP + " (at " + last + ")");
  }

  private boolean sendOne() {
    try {
      HttpResponse<Void> r = viaSidecar.send(HttpRequest.newBuilder(TARGET).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.discarding());
      return r.statusCode() == 200;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (Exception e) {
      return false;
    }
  }

  private long read() throws Exception {
    long start = System.nanoTime();
    HttpResponse<String> r = direct.send(scrape, HttpResponse.BodyHandlers.ofString());
    long took = System.nanoTime() - start;
    scrapeNanos.addAndGet(took);
    slowestScrapeNanos.accumulateAndGet(took, Math::max);
    scrapes.incrementAndGet();
    if (r.statusCode() != 200) {
      throw new IllegalStateException("/metrics answered " + r.statusCode());
    }
    return counter.sum(r.body());
  }

  double slowestScrapeMillis() {
    return slowestScrapeNanos.get() / 1e6;
  }

  int scrapes() {
    return scrapes.get();
  }

  double meanScrapeMillis() {
    int n = scrapes.get();
    return n == 0 ? 0 : scrapeNanos.get() / 1e6 / n;
  }
}
