package dev.meshlog.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class StreamsFailureTest {

  @Test
  void shouldNameTheAppTheFirstExceptionAndItsRootCause() {
    StreamsFailure failure = new StreamsFailure("meshlog-telemetry");
    failure.record(new IllegalStateException("task 0_1 failed", new java.io.IOException("disk full")));
    failure.record(new IllegalStateException("a later thread"));

    assertEquals("Kafka Streams app meshlog-telemetry failed: java.lang.IllegalStateException: task 0_1 failed"
        + " (caused by java.io.IOException: disk full)", failure.describe());
  }

  @Test
  void shouldSaySoWhenOnlyTheStateWasReported() {
    assertEquals("Kafka Streams app meshlog-sequencer failed (state ERROR, no exception reported)",
        new StreamsFailure("meshlog-sequencer").describe());
  }
}
