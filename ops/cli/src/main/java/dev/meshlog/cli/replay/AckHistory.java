package dev.meshlog.cli.replay;

import dev.meshlog.schemas.KafkaClientSettings;
import dev.meshlog.avro.AckStatus;
import dev.meshlog.avro.ProxyAck;
import dev.meshlog.schemas.TopicSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What each proxy had answered by a moment, from mesh.proxy.acks: its latest ACK or NACK whose own {@code time} is
 * at or before the moment. Records are written just after their {@code time}, so the read stops a little past it.
 */
public final class AckHistory {

  private static final Logger log = LoggerFactory.getLogger(AckHistory.class);
  /** How much later than an ack's time its record may be stamped and still count. */
  static final Duration SLACK = Duration.ofMinutes(1);

  /** One proxy's answer: the version and hash (the ack's nonce) it answered, and whether it took them. */
  public record Answer(long version, String hash, boolean acked, Instant time, Optional<String> error) {}

  private AckHistory() {}

  /** The latest answer per proxy id at {@code time}. */
  public static Map<String, Answer> at(String bootstrap, TopicSpec<String, ProxyAck> topic, Instant time) {
    return at(bootstrap, KafkaClientSettings.NONE, topic, time);
  }

  /** As above, logged in with the cluster's connection and security settings. */
  public static Map<String, Answer> at(String bootstrap, KafkaClientSettings client, TopicSpec<String, ProxyAck> topic, Instant time) {
    Deserializer<ProxyAck> values = topic.valueSerde().deserializer();
    Map<String, Answer> latest = new HashMap<>();
    Instant stop = time.isAfter(Instant.MAX.minus(SLACK)) ? Instant.MAX : time.plus(SLACK);
    new MergedInputs(bootstrap, client).read(List.of(topic.name()), Cutoff.at(stop), record -> {
      ProxyAck ack;
      try {
        ack = values.deserialize(record.topic(), record.value());
      } catch (SerializationException e) {
        log.warn("skipping an undecodable ack at {}: {}", record.where(), e.getMessage());
        return;
      }
      if (ack != null && !ack.getTime().isAfter(time)) {
        latest.put(ack.getProxyId(), new Answer(ack.getVersion(), ack.getNonce(), ack.getStatus() == AckStatus.ACK, ack.getTime(),
            Optional.ofNullable(ack.getErrorDetail())));
      }
    });
    return latest;
  }
}
