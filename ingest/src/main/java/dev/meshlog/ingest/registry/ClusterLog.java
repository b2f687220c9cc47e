package dev.meshlog.ingest.registry;

import dev.meshlog.avro.ClusterChange;
import dev.meshlog.avro.ClusterEvent;
import dev.meshlog.ingest.log.TopicToEnd;
import dev.meshlog.ingest.registry.wire.ClusterWire;
import dev.meshlog.schemas.TopicSpec;
import dev.meshlog.schemas.deadletter.DeadLetterPublisher;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The latest state per key of mesh.cluster.events, read once from the beginning to the end offsets
 * taken when the read starts: what the mesh currently believes, and who owns each key. A REMOVED event
 * or a tombstone drops the key. Undecodable records go to the dead-letter topic (logged with their position,
 * counted) and are skipped.
 */
public final class ClusterLog {

  private static final Logger LOG = LoggerFactory.getLogger(ClusterLog.class);

  private ClusterLog() {}

  public static Map<String, Logged> read(String bootstrap, TopicSpec<String, ClusterEvent> topic, Map<String, Object> overrides,
      DeadLetterPublisher deadLetters) {
    Map<String, Logged> latest = new TreeMap<>();
    Deserializer<String> keys = topic.keySerde().deserializer();
    Deserializer<ClusterEvent> values = topic.valueSerde().deserializer();
    TopicToEnd.read(bootstrap, topic.name(), overrides, record -> fold(latest, keys, values, record, deadLetters));
    LOG.info("read {} live cluster records from {}", latest.size(), topic.name());
    return latest;
  }

  /** Folds one event into {@code latest}: the rule both the start-up read and the publisher's bookkeeping use. */
  public static void fold(Map<String, Logged> latest, String key, ClusterEvent event) {
    if (key == null) {
      return;
    }
    if (event == null || event.getChange() == ClusterChange.REMOVED) {
      latest.remove(key);
    } else {
      latest.put(key, new Logged(ClusterWire.resource(event), event.getEnvelope().getSource()));
    }
  }

  private static void fold(Map<String, Logged> latest, Deserializer<String> keys, Deserializer<ClusterEvent> values,
      ConsumerRecord<byte[], byte[]> record, DeadLetterPublisher deadLetters) {
    try {
      String key = keys.deserialize(record.topic(), record.key());
      ClusterEvent event = record.value() == null ? null : values.deserialize(record.topic(), record.value());
      fold(latest, key, event);
    } catch (SerializationException | ClassCastException e) {
      deadLetters.publish(record, e);
    }
  }
}
