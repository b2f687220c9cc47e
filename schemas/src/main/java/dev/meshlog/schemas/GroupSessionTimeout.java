package dev.meshlog.schemas;

import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * How long a Streams job's group waits for a silent member before it hands that member's tasks to the others
 * ({@code session.timeout.ms}). It is the whole of a crash takeover: a killed instance sends no leave request, so its
 * partitions stay where they are until this runs out. Kafka's default, 45 s, suits a busy shared cluster; a mesh that
 * wants its snapshots back sooner after a node dies sets less, down to the broker's floor. Here, beside
 * {@link GroupInstanceId}, because the engine and the pipeline share the rule.
 */
public final class GroupSessionTimeout {

  /** Kafka's consumer default. */
  public static final Duration DEFAULT = Duration.ofSeconds(45);
  /** The broker's default {@code group.min.session.timeout.ms}: below it a join is refused. */
  public static final Duration MIN = Duration.ofSeconds(6);
  /** The broker's default {@code group.max.session.timeout.ms}. */
  public static final Duration MAX = Duration.ofMinutes(30);
  /** Kafka's default heartbeat interval; a shorter session beats more often (a third of it, Kafka's advice). */
  private static final Duration HEARTBEAT = Duration.ofSeconds(3);

  private GroupSessionTimeout() {}

  /** Returns {@code timeout}, or throws {@link IllegalArgumentException} saying what bounds it breaks. */
  public static Duration check(Duration timeout) {
    if (timeout == null || timeout.compareTo(MIN) < 0 || timeout.compareTo(MAX) > 0) {
      throw new IllegalArgumentException("session timeout must be between 6s and 30m (the broker's default "
          + "group.min.session.timeout.ms and group.max.session.timeout.ms), got " + (timeout == null ? "none" : timeout.toMillis() + "ms"));
    }
    return timeout;
  }

  /** The heartbeat interval that goes with {@code timeout}: a third of it, at most Kafka's 3 s. */
  public static Duration heartbeat(Duration timeout) {
    Duration third = timeout.dividedBy(3);
    return third.compareTo(HEARTBEAT) < 0 ? third : HEARTBEAT;
  }

  /** Sets the session timeout and its heartbeat on a Streams app's main consumer, the one that joins the group. */
  public static Properties apply(Properties streams, Duration timeout) {
    check(timeout);
    streams.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), (int) timeout.toMillis());
    streams.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), (int) heartbeat(timeout).toMillis());
    return streams;
  }
}
