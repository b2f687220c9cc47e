package dev.meshlog.proxy.snapshot.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.meshlog.avro.ConnectionPoolSpec;
import dev.meshlog.avro.HttpRetrySpec;
import dev.meshlog.proxy.retry.RetryOn;
import dev.meshlog.proxy.retry.RetryPolicy;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RetryWireTest {

  @Test
  void shouldGiveARuleWithoutRetriesIstiosDefault() {
    RetryPolicy policy = RetryWire.policy(null);
    assertEquals(2, policy.numRetries());
    assertEquals(Set.of(RetryOn.CONNECT_FAILURE, RetryOn.REFUSED_STREAM, RetryOn.GRPC_UNAVAILABLE, RetryOn.GRPC_CANCELLED,
        RetryOn.RETRIABLE_STATUS_CODES), policy.retryOn());
    assertEquals(Set.of(503), policy.retriableStatusCodes());
    assertEquals(5, policy.hostSelectionMaxAttempts());
    assertEquals(Duration.ZERO, policy.perTryTimeout());
  }

  @Test
  void shouldDisableRetriesWithZeroAttempts() {
    assertSame(RetryPolicy.NONE, RetryWire.policy(new HttpRetrySpec(0, 100L, List.of("5xx"))));
  }

  @Test
  void shouldKeepTheDefaultConditionsWhenOnlyAttemptsAreGiven() {
    RetryPolicy policy = RetryWire.policy(new HttpRetrySpec(4, null, List.of()));
    assertEquals(4, policy.numRetries());
    assertEquals(RetryPolicy.ISTIO_DEFAULT.retryOn(), policy.retryOn());
    assertEquals(Set.of(503), policy.retriableStatusCodes());
  }

  @Test
  void shouldReplaceTheConditionsAndDropTheDefaultStatusWhenRetryOnIsGiven() {
    RetryPolicy policy = RetryWire.policy(new HttpRetrySpec(3, 250L, List.of("5xx", "reset")));
    assertEquals(Set.of(RetryOn.FIVE_XX, RetryOn.RESET), policy.retryOn());
    assertEquals(Set.of(), policy.retriableStatusCodes());
    assertEquals(Duration.ofMillis(250), policy.perTryTimeout());
    assertEquals(5, policy.hostSelectionMaxAttempts(), "previous_hosts stays, as Istio starts from its default");
  }

  @Test
  void shouldReadStatusNumbersAsRetriableStatusCodesAsIstioDoes() {
    RetryPolicy policy = RetryWire.policy(new HttpRetrySpec(2, null, List.of("gateway-error,429", " 409 ")));
    assertEquals(Set.of(RetryOn.GATEWAY_ERROR, RetryOn.RETRIABLE_STATUS_CODES), policy.retryOn());
    assertEquals(Set.of(429, 409), policy.retriableStatusCodes());
  }

  @Test
  void shouldIgnoreConditionsEnvoyDoesNotKnow() {
    RetryPolicy policy = RetryWire.policy(new HttpRetrySpec(2, null, List.of("connect-failure", "no-such-thing", "")));
    assertEquals(Set.of(RetryOn.CONNECT_FAILURE), policy.retryOn());
  }

  @Test
  void shouldReadMaxRetriesOnlyWhenSet() {
    assertEquals(OptionalInt.empty(), RetryWire.maxRetries(null));
    assertEquals(OptionalInt.empty(), RetryWire.maxRetries(ConnectionPoolSpec.newBuilder().setMaxConnections(3).build()));
    assertEquals(OptionalInt.of(7), RetryWire.maxRetries(ConnectionPoolSpec.newBuilder().setMaxRetries(7).build()));
  }
}
