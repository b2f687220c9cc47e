package dev.meshlog.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FreshnessTrackerTest {

  private static final String SCRAPE = String.join("\n",
      "# TYPE meshlog_requests_total counter",
      "meshlog_requests_total{reporter=\"destination\",source_workload=\"unknown\",destination_workload=\"bench-v1\",response_code=\"200\"} 7",
      "meshlog_requests_total{reporter=\"destination\",source_workload=\"unknown\",destination_workload=\"bench-v1\",response_code=\"503\"} 2",
      "meshlog_requests_total{reporter=\"source\",source_workload=\"bench-client\",destination_workload=\"bench-v1\",response_code=\"200\"} 9",
      "meshlog_requests_total{reporter=\"destination\",source_workload=\"unknown\",destination_workload=\"bench-v10\",response_code=\"200\"} 100",
      "meshlog_request_duration_milliseconds_count{reporter=\"destination\",destination_workload=\"bench-v1\"} 50",
      "");

  @Test
  void shouldSumTheEdgesCounterOverItsOtherLabelsMatchingWholeValues() {
    assertEquals(9, CounterScrape.of("meshlog_requests_total", "reporter=destination", "destination_workload=bench-v1").sum(SCRAPE));
    assertEquals(7, CounterScrape.of("meshlog_requests_total", "reporter=destination", "destination_workload=bench-v1",
        "response_code=200").sum(SCRAPE));
    assertEquals(9, CounterScrape.of("meshlog_requests_total", "reporter=source").sum(SCRAPE));
    assertEquals(0, CounterScrape.of("meshlog_requests_total", "reporter=destination", "destination_workload=bench").sum(SCRAPE));
  }

  @Test
  void shouldTimeEachRequestFromSendingToTheFirstScrapeCountingIt() {
    FreshnessTracker t = new FreshnessTracker(100);
    t.baseline(5);
    long ms = TimeUnit.MILLISECONDS.toNanos(1);
    for (int i = 0; i < 100; i++) {
      t.sending(i * 50 * ms);
    }
    // Scrapes every 50 ms; each shows the requests sent up to 1 s (or 3 s for the last one) before it.
    for (int scrape = 0; scrape <= 200; scrape++) {
      long now = scrape * 50L * ms;
      long shown = scrape < 20 ? 0 : Math.min(scrape - 20 + 1, 99);
      if (scrape >= 159) {
        shown = 100;
      }
      t.observed(5 + shown, now);
    }
    assertEquals(100, t.visibleCount());
    assertEquals(1000.0, t.percentileMillis(50), 1.0);
    assertEquals(1000.0, t.percentileMillis(90), 1.0);
    assertEquals(3000.0, t.percentileMillis(100), 3.0);
  }

  @Test
  void shouldNotWaitForAFailedRequestTheCounterNeverShows() {
    FreshnessTracker t = new FreshnessTracker(10);
    t.baseline(0);
    t.sending(0);
    t.sending(TimeUnit.MILLISECONDS.toNanos(50));
    t.failed();
    t.sending(TimeUnit.MILLISECONDS.toNanos(100));
    t.observed(2, TimeUnit.MILLISECONDS.toNanos(400));
    assertEquals(2, t.visibleCount());
    assertEquals(2, t.sentCount());
    assertEquals(300.0, t.percentileMillis(0), 1.0);
    assertEquals(400.0, t.percentileMillis(100), 1.0);
  }
}
