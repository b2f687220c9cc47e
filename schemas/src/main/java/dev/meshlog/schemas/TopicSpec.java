package dev.meshlog.schemas;

import java.util.Map;
import org.apache.kafka.common.serialization.Serde;

/**
 * A topic, its key and value types, and the configs it must be created with. Every reader and
 * writer goes through one of the constants in {@link Topics}, never a string literal.
 */
public record TopicSpec<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde, Map<String, String> configs) {

  public TopicSpec {
    configs = Map.copyOf(configs);
  }

  /** The same topic under another name, e.g. with a per-test or per-environment prefix. */
  public TopicSpec<K, V> withName(String otherName) {
    return new TopicSpec<>(otherName, keySerde, valueSerde, configs);
  }
}
