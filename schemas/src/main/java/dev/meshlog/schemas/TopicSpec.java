package dev.meshlog.schemas;

import java.util.Map;
import org.apache.kafka.common.serialization.Serde;

/**
 * A topic, its key and value types, and the configs it must be created with. Every reader and
 * writer goes through one of the constants in {@link Topics}, never a string literal.
 */
public record TopicSpec<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde, Map<String, String> configs, int minPartitions) {

  public TopicSpec {
    configs = Map.copyOf(configs);
    if (minPartitions < 1) {
      throw new IllegalArgumentException("minPartitions must be at least 1, got " + minPartitions);
    }
  }

  /** A topic created with the deployment's partition count. */
  public TopicSpec(String name, Serde<K> keySerde, Serde<V> valueSerde, Map<String, String> configs) {
    this(name, keySerde, valueSerde, configs, 1);
  }

  /** The same topic under another name, e.g. with a per-test or per-environment prefix. */
  public TopicSpec<K, V> withName(String otherName) {
    return new TopicSpec<>(otherName, keySerde, valueSerde, configs, minPartitions);
  }
}
