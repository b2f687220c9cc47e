package dev.meshlog.cli.faults.controlplane;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * A read of the log that is tried again when Kafka times out: on this shared machine a broker busy with a recovering
 * engine sometimes answers a metadata or offsets request after the client gave up. What was read is never retried
 * into a different answer; only a read that failed is repeated.
 */
public final class PatientRead {

  private PatientRead() {}

  public static <T> T of(Callable<T> read) {
    return await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
        .until(read, value -> true);
  }
}
