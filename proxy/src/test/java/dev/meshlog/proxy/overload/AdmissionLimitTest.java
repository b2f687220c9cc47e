package dev.meshlog.proxy.overload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdmissionLimitTest {

  @Test
  void admitsUpToTheBoundThenShedsAndCountsEachShed() {
    AdmissionLimit limit = new AdmissionLimit(2);
    assertTrue(limit.tryAdmit());
    assertTrue(limit.tryAdmit());
    assertFalse(limit.tryAdmit());
    assertFalse(limit.tryAdmit());
    assertEquals(2, limit.active());
    assertEquals(2, limit.shedCount());
  }

  @Test
  void aReleasedSlotAdmitsTheNextRequest() {
    AdmissionLimit limit = new AdmissionLimit(1);
    assertTrue(limit.tryAdmit());
    assertFalse(limit.tryAdmit());
    limit.release();
    assertTrue(limit.tryAdmit());
    assertEquals(1, limit.active());
    assertEquals(1, limit.shedCount());
  }

  @Test
  void refusesABoundBelowOne() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new AdmissionLimit(0));
    assertTrue(e.getMessage().contains("max active requests"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new OverloadSettings(0));
  }

  /** Event loops race for the last slots: never more admitted at once than the bound, and nothing lost. */
  @Test
  void concurrentAdmissionsNeverExceedTheBound() throws Exception {
    AdmissionLimit limit = new AdmissionLimit(3);
    AtomicInteger highest = new AtomicInteger();
    AtomicInteger admitted = new AtomicInteger();
    int threads = 4;
    int attempts = 20_000;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      done.add(pool.submit(() -> {
        go.await();
        for (int i = 0; i < attempts; i++) {
          if (limit.tryAdmit()) {
            admitted.incrementAndGet();
            highest.accumulateAndGet(limit.active(), Math::max);
            limit.release();
          }
        }
        return null;
      }));
    }
    go.countDown();
    for (Future<?> f : done) {
      f.get(60, TimeUnit.SECONDS);
    }
    pool.shutdown();
    assertTrue(highest.get() <= 3, "at most 3 active at once, saw " + highest.get());
    assertEquals(0, limit.active());
    assertEquals((long) threads * attempts, admitted.get() + limit.shedCount());
  }
}
