package dev.meshlog.proxy.retry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RetryBudgetTest {

  @Test
  void shouldAllowTwentyPercentOfActiveRequestsButAtLeastThree() {
    assertEquals(3, RetryBudget.allowedRetries(0, OptionalInt.empty()));
    assertEquals(3, RetryBudget.allowedRetries(15, OptionalInt.empty()));
    assertEquals(3, RetryBudget.allowedRetries(19, OptionalInt.empty()));
    assertEquals(4, RetryBudget.allowedRetries(20, OptionalInt.empty()));
    assertEquals(20, RetryBudget.allowedRetries(100, OptionalInt.empty()));
    assertEquals(3, RetryBudget.allowedRetries(-2, OptionalInt.empty()));
  }

  @Test
  void shouldCapTheBudgetAtTheClustersMaxRetries() {
    assertEquals(1, RetryBudget.allowedRetries(100, OptionalInt.of(1)));
    assertEquals(0, RetryBudget.allowedRetries(100, OptionalInt.of(0)));
    assertEquals(3, RetryBudget.allowedRetries(0, OptionalInt.of(50)), "maxRetries only lowers the budget");
  }

  @Test
  void shouldRefuseAndCountOverflowOnceTheSlotsAreTaken() {
    RetryBudget budget = new RetryBudget("c", () -> 0);
    assertTrue(budget.tryStartRetry(OptionalInt.empty()));
    assertTrue(budget.tryStartRetry(OptionalInt.empty()));
    assertTrue(budget.tryStartRetry(OptionalInt.empty()));
    assertFalse(budget.tryStartRetry(OptionalInt.empty()));
    assertEquals(3, budget.activeRetries());
    assertEquals(3, budget.retries());
    assertEquals(1, budget.overflow());

    budget.retryEnded();
    assertTrue(budget.tryStartRetry(OptionalInt.empty()), "a slot given back is free again");
    assertFalse(budget.tryStartRetry(OptionalInt.of(2)), "maxRetries caps below the free budget");
    assertEquals(2, budget.overflow());
  }

  @Test
  void shouldGrowTheBudgetWithTheClustersActiveRequests() {
    AtomicInteger active = new AtomicInteger(25);
    RetryBudget budget = new RetryBudget("c", active::get);
    int granted = 0;
    while (budget.tryStartRetry(OptionalInt.empty())) {
      granted++;
    }
    assertEquals(5, granted);
    active.set(50);
    assertTrue(budget.tryStartRetry(OptionalInt.empty()), "more requests in flight, more retries allowed");
  }
}
