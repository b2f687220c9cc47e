package dev.meshlog.cli.read;

/**
 * One record as a scan found it, with its place in the log: what provenance and propagation name
 * when they say which event did something ({@code topic-partition@offset}).
 *
 * @param timestamp the record's Kafka timestamp (epoch ms); envelope times live in the value
 * @param value null for a tombstone
 */
public record LocatedRecord<K, V>(String topic, int partition, long offset, long timestamp, K key, V value) {

  /** {@code topic-partition@offset}, as Kafka tools print a position. */
  public String position() {
    return topic + "-" + partition + "@" + offset;
  }
}
