package dev.meshlog.proxy.feed;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one partition of a topic keyed by proxy id that holds this proxy's records (its snapshots, its
 * certificates). A proxy {@code assign()}s it instead of joining a group: thousands of proxies must
 * not rebalance each other, and each needs only its own key.
 */
public final class OwnPartition {

  private static final Logger log = LoggerFactory.getLogger(OwnPartition.class);

  private OwnPartition() {}

  /** The partition Kafka's default partitioner sends {@code key} to. */
  public static int of(String key, int partitions) {
    return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
  }

  /**
   * Waits until {@code topic} exists (a proxy may start before the mesh has made its topics) and
   * returns the partition of {@code key}; throws {@link WakeupException} once {@code running} turns false.
   */
  public static TopicPartition await(Consumer<?, ?> consumer, String topic, String key, BooleanSupplier running)
      throws InterruptedException {
    boolean warned = false;
    while (running.getAsBoolean()) {
      try {
        List<PartitionInfo> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(5));
        if (partitions != null && !partitions.isEmpty()) {
          return new TopicPartition(topic, of(key, partitions.size()));
        }
      } catch (WakeupException e) {
        throw e;
      } catch (KafkaException e) {
        // Topic not there yet, or the broker not reachable: both are worth waiting for.
        log.debug("[proxy={}] no metadata for {} yet: {}", key, topic, e.toString());
      }
      if (!warned) {
        log.warn("[proxy={}] waiting for topic {} to exist", key, topic);
        warned = true;
      }
      Thread.sleep(1_000);
    }
    throw new WakeupException();
  }
}
