package dev.meshlog.proxy.retry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  private static RetryPolicy on(RetryOn... conditions) {
    return new RetryPolicy(2, Duration.ZERO, Set.of(conditions), Set.of(), 5);
  }

  @Test
  void shouldRetryIstiosDefaultOn503ConnectFailureAndGrpcUnavailableOnly() {
    RetryPolicy istio = RetryPolicy.ISTIO_DEFAULT;
    assertEquals(2, istio.numRetries());
    assertTrue(istio.retriesOn(503, -1));
    assertFalse(istio.retriesOn(500, -1));
    assertFalse(istio.retriesOn(502, -1));
    assertTrue(istio.retriesOn(AttemptFailure.CONNECT_FAILURE));
    assertTrue(istio.retriesOn(AttemptFailure.REFUSED_STREAM), "refused-stream is in Istio's default");
    assertFalse(istio.retriesOn(AttemptFailure.RESET));
    assertFalse(istio.retriesOn(AttemptFailure.PER_TRY_TIMEOUT));
    assertTrue(istio.retriesOn(200, 14), "unavailable");
    assertTrue(istio.retriesOn(200, 1), "cancelled");
    assertFalse(istio.retriesOn(200, 13), "internal is not in Istio's default");
  }

  @Test
  void shouldRetryAny5xxAndEveryFailureOn5xx() {
    RetryPolicy policy = on(RetryOn.FIVE_XX);
    assertTrue(policy.retriesOn(500, -1));
    assertTrue(policy.retriesOn(599, -1));
    assertFalse(policy.retriesOn(409, -1));
    assertFalse(policy.retriesOn(200, 14));
    for (AttemptFailure failure : AttemptFailure.values()) {
      assertTrue(policy.retriesOn(failure), failure.name());
    }
  }

  @Test
  void shouldRetryOnlyGatewayStatusesOnGatewayError() {
    RetryPolicy policy = on(RetryOn.GATEWAY_ERROR);
    assertTrue(policy.retriesOn(502, -1));
    assertTrue(policy.retriesOn(503, -1));
    assertTrue(policy.retriesOn(504, -1));
    assertFalse(policy.retriesOn(500, -1));
    assertTrue(policy.retriesOn(AttemptFailure.PER_TRY_TIMEOUT));
  }

  @Test
  void shouldRetryConnectFailuresButNotResetsOnConnectFailure() {
    RetryPolicy policy = on(RetryOn.CONNECT_FAILURE);
    assertTrue(policy.retriesOn(AttemptFailure.CONNECT_FAILURE));
    assertFalse(policy.retriesOn(AttemptFailure.REFUSED_STREAM));
    assertFalse(policy.retriesOn(AttemptFailure.RESET));
    assertFalse(policy.retriesOn(AttemptFailure.PER_TRY_TIMEOUT));
    assertFalse(policy.retriesOn(503, -1));
  }

  @Test
  void shouldRetryResetsAndPerTryTimeoutsOnReset() {
    RetryPolicy policy = on(RetryOn.RESET);
    assertTrue(policy.retriesOn(AttemptFailure.RESET));
    assertTrue(policy.retriesOn(AttemptFailure.PER_TRY_TIMEOUT));
    assertFalse(policy.retriesOn(503, -1));
  }

  @Test
  void shouldRetry409OnRetriable4xxAndListedStatusesOnRetriableStatusCodes() {
    assertTrue(on(RetryOn.RETRIABLE_4XX).retriesOn(409, -1));
    assertFalse(on(RetryOn.RETRIABLE_4XX).retriesOn(404, -1));
    RetryPolicy listed = new RetryPolicy(1, Duration.ZERO, Set.of(RetryOn.RETRIABLE_STATUS_CODES), Set.of(404), 5);
    assertTrue(listed.retriesOn(404, -1));
    assertFalse(listed.retriesOn(503, -1));
    RetryPolicy unlisted = new RetryPolicy(1, Duration.ZERO, Set.of(), Set.of(404), 5);
    assertFalse(unlisted.retriesOn(404, -1), "statuses mean nothing without retriable-status-codes");
  }

  @Test
  void shouldReadEachGrpcConditionAsItsStatusCode() {
    assertTrue(on(RetryOn.GRPC_DEADLINE_EXCEEDED).retriesOn(200, 4));
    assertTrue(on(RetryOn.GRPC_RESOURCE_EXHAUSTED).retriesOn(200, 8));
    assertTrue(on(RetryOn.GRPC_INTERNAL).retriesOn(200, 13));
    assertFalse(on(RetryOn.GRPC_INTERNAL).retriesOn(200, 14));
    assertFalse(on(RetryOn.GRPC_INTERNAL).retriesOn(200, -1));
  }

  @Test
  void shouldParseConditionsAsIstioSpellsThemAndNothingElse() {
    assertEquals(Optional.of(RetryOn.FIVE_XX), RetryOn.parse("5xx"));
    assertEquals(Optional.of(RetryOn.GATEWAY_ERROR), RetryOn.parse(" Gateway-Error "));
    assertEquals(Optional.of(RetryOn.GRPC_RESOURCE_EXHAUSTED), RetryOn.parse("resource-exhausted"));
    assertEquals(Optional.empty(), RetryOn.parse("envoy-ratelimited"));
  }

  @Test
  void shouldRejectNegativeRetriesAndPerTryTimeout() {
    assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(-1, Duration.ZERO, Set.of(), Set.of(), 5));
    assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(1, Duration.ofMillis(-1), Set.of(), Set.of(), 5));
  }

  @Test
  void shouldNotRetryWithThePolicyOfNone() {
    assertFalse(RetryPolicy.NONE.retries());
    assertFalse(RetryPolicy.NONE.retriesOn(503, -1));
  }
}
