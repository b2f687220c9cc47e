package dev.meshlog.proxy.balance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ActiveRequestsTest {

  @Test
  void shouldCountRequestsInFlight() {
    ActiveRequests active = new ActiveRequests();
    active.increment();
    active.increment();
    active.decrement();
    assertEquals(1, active.get());
  }

  @Test
  void shouldNotGoBelowZeroOnAStrayDecrement() {
    ActiveRequests active = new ActiveRequests();
    active.decrement();
    active.increment();
    assertEquals(1, active.get());
  }

  @Test
  void shouldSettleAtZeroWhenThreadsStartAndFinishTogether() throws InterruptedException {
    ActiveRequests active = new ActiveRequests();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      Thread thread = new Thread(() -> {
        for (int i = 0; i < 50_000; i++) {
          active.increment();
          active.decrement();
        }
      });
      thread.start();
      threads.add(thread);
    }
    for (Thread thread : threads) {
      thread.join();
    }
    assertEquals(0, active.get());
  }
}
