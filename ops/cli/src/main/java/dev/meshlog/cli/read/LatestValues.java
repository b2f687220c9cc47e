package dev.meshlog.cli.read;

import dev.meshlog.schemas.KafkaClientSettings;
import dev.meshlog.schemas.TopicSpec;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The current table of a compacted topic keyed by identity (proxy status, policy status, rollout,
 * snapshots): the newest value per key; a tombstone removes the key.
 */
public final class LatestValues {

  private LatestValues() {}

  /** Every key's newest value, sorted by key. */
  public static <V> Map<String, V> read(String bootstrap, TopicSpec<String, V> topic) {
    return read(bootstrap, KafkaClientSettings.NONE, topic);
  }

  /** As above, logged in with the cluster's connection and security settings. */
  public static <V> Map<String, V> read(String bootstrap, KafkaClientSettings client, TopicSpec<String, V> topic) {
    Map<String, V> latest = new TreeMap<>();
    TopicScan.readAll(bootstrap, client, topic, (key, value) -> fold(latest, key, value));
    return latest;
  }

  /** The newest value of one key, reading only the partition the key is written to. */
  public static <V> Optional<V> find(String bootstrap, TopicSpec<String, V> topic, String key) {
    return find(bootstrap, KafkaClientSettings.NONE, topic, key);
  }

  /** As above, logged in with the cluster's connection and security settings. */
  public static <V> Optional<V> find(String bootstrap, KafkaClientSettings client, TopicSpec<String, V> topic, String key) {
    Map<String, V> latest = new TreeMap<>();
    TopicScan.readPartitionOf(bootstrap, client, topic, key, (k, value) -> {
      if (key.equals(k)) {
        fold(latest, k, value);
      }
    });
    return Optional.ofNullable(latest.get(key));
  }

  private static <V> void fold(Map<String, V> latest, String key, V value) {
    if (key == null) {
      return;
    }
    if (value == null) {
      latest.remove(key);
    } else {
      latest.put(key, value);
    }
  }
}
