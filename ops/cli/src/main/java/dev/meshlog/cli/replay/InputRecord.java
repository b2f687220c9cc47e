package dev.meshlog.cli.replay;

import java.util.Comparator;

/**
 * One raw record of an input topic, decoded only when it is folded. Inputs are merged by timestamp, then topic,
 * partition and offset: the order Kafka Streams picks records in (the partition whose head has the lowest timestamp
 * first), made total so that every replay folds the same sequence.
 */
public record InputRecord(String topic, int partition, long offset, long timestamp, byte[] key, byte[] value) {

  public static final Comparator<InputRecord> ORDER = Comparator.comparingLong(InputRecord::timestamp)
      .thenComparing(InputRecord::topic)
      .thenComparingInt(InputRecord::partition)
      .thenComparingLong(InputRecord::offset);

  /** {@code topic-partition@offset}, as logs and errors name a record. */
  public String where() {
    return topic + "-" + partition + "@" + offset;
  }
}
