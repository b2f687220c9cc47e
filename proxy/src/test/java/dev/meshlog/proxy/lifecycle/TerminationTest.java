package dev.meshlog.proxy.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TerminationTest {

  private final List<String> order = new ArrayList<>();

  /** Records each step and what the listeners were doing when it ran. */
  private final class RecordingSteps implements Termination.Steps {
    private final boolean idle;
    private final RuntimeException deregistration;

    RecordingSteps(boolean idle, RuntimeException deregistration) {
      this.idle = idle;
      this.deregistration = deregistration;
    }

    @Override
    public void deregister() {
      order.add("deregister");
      if (deregistration != null) {
        throw deregistration;
      }
    }

    @Override
    public void stopFollowingSnapshots() {
      order.add("stop-snapshots");
    }

    @Override
    public void closeListeners() {
      order.add("close-listeners");
    }

    @Override
    public boolean awaitIdle(Duration timeout) {
      order.add("await-idle " + timeout.toSeconds() + "s");
      return idle;
    }

    @Override
    public void release() {
      order.add("release");
    }
  }

  private Termination termination(Duration drain) {
    return new Termination("p1", drain, Duration.ofSeconds(30), d -> order.add("drain " + d.toSeconds() + "s"));
  }

  @AfterEach
  void clearInterrupt() {
    Thread.interrupted();
  }

  @Test
  void shouldDeregisterThenKeepServingForTheDrainBeforeClosingListeners() {
    termination(Duration.ofSeconds(5)).run(new RecordingSteps(true, null));

    assertEquals(List.of("deregister", "drain 5s", "stop-snapshots", "close-listeners", "await-idle 30s", "release"), order);
  }

  @Test
  void shouldCloseRightAfterDeregisteringWithoutADrain() {
    termination(Duration.ZERO).run(new RecordingSteps(true, null));

    assertEquals(List.of("deregister", "stop-snapshots", "close-listeners", "await-idle 30s", "release"), order);
  }

  @Test
  void shouldStillDrainAndReleaseWhenDeregistrationFails() {
    termination(Duration.ofSeconds(5)).run(new RecordingSteps(false, new IllegalStateException("broker down")));

    assertEquals(List.of("deregister", "drain 5s", "stop-snapshots", "close-listeners", "await-idle 30s", "release"), order);
  }

  @Test
  void shouldCloseInOrderAndKeepTheInterruptWhenTheDrainIsInterrupted() {
    Termination interrupted = new Termination("p1", Duration.ofSeconds(5), Duration.ofSeconds(30), d -> {
      order.add("drain");
      throw new InterruptedException();
    });

    interrupted.run(new RecordingSteps(true, null));

    assertEquals(List.of("deregister", "drain", "stop-snapshots", "close-listeners", "await-idle 30s", "release"), order);
    assertTrue(Thread.currentThread().isInterrupted());
  }

  @Test
  void shouldSleepForTheDrainInTheRealSequence() {
    long start = System.nanoTime();

    Termination.sleeping("p1", Duration.ofMillis(300), Duration.ofSeconds(1)).run(new RecordingSteps(true, null));

    assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() >= 300, "the listeners closed before the drain ended");
    assertEquals("release", order.get(order.size() - 1));
  }
}
