package dev.meshlog.schemas;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The connection and security settings a deployment adds to every Kafka client a Meshlog job creates (producer,
 * consumer, admin, Streams): how to log in ({@code security.protocol}, {@code sasl.*}), TLS ({@code ssl.*}) and how to
 * connect ({@code client.dns.lookup}, connection and reconnect timeouts). Read from a Java properties file in the
 * format of the Kafka tools' {@code --command-config} ({@code --kafka-config FILE}).
 *
 * <p>Only these pass through: everything else a client is configured with is Meshlog's to set, because correctness
 * depends on it (serializers, group, transactional and application ids, acks, idempotence, isolation), and the
 * bootstrap address has its own option. So {@link #over} never overrides what a job sets.
 *
 * <p>Values may be secrets ({@code sasl.jaas.config} holds a password): {@link #toString()} shows them masked.
 */
public final class KafkaClientSettings {

  /** No settings: a plaintext cluster without authentication (the embedded broker). */
  public static final KafkaClientSettings NONE = new KafkaClientSettings(Map.of());

  private static final Set<String> CONNECTION_KEYS = Set.of(
      "security.protocol", "client.dns.lookup",
      "connections.max.idle.ms", "reconnect.backoff.ms", "reconnect.backoff.max.ms",
      "socket.connection.setup.timeout.ms", "socket.connection.setup.timeout.max.ms",
      "retry.backoff.ms", "retry.backoff.max.ms");
  private static final Set<String> PREFIXES = Set.of("sasl.", "ssl.");
  /** Shown as written in {@link #toString()}: they say how a job connects and hold no secret. */
  private static final Set<String> PLAIN_KEYS = Set.of("security.protocol", "sasl.mechanism", "client.dns.lookup");
  private static final Set<String> MESHLOG_KEYS = Set.of(
      "group.id", "group.instance.id", "transactional.id", "application.id", "client.id",
      "acks", "enable.idempotence", "isolation.level", "processing.guarantee",
      "key.serializer", "value.serializer", "key.deserializer", "value.deserializer",
      "default.key.serde", "default.value.serde", "enable.auto.commit", "auto.offset.reset");

  private final Map<String, String> settings;

  private KafkaClientSettings(Map<String, String> settings) {
    this.settings = Collections.unmodifiableMap(new TreeMap<>(settings));
  }

  /**
   * Reads and checks a properties file.
   *
   * @throws IllegalArgumentException naming the file, the key and the reason, e.g.
   *     {@code engine.properties: group.id: set by Meshlog, not allowed in --kafka-config}
   */
  public static KafkaClientSettings load(Path file) {
    Objects.requireNonNull(file, "file");
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file)) {
      properties.load(reader);
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": cannot read the Kafka client properties ("
          + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e);
    }
    Map<String, String> read = new HashMap<>();
    for (String key : properties.stringPropertyNames()) {
      read.put(key, properties.getProperty(key).trim());
    }
    return checked(file.toString(), read);
  }

  /** The same checks as {@link #load}, on settings given in code (e.g. a test's SCRAM login); {@code source} names them in errors. */
  public static KafkaClientSettings of(String source, Map<String, ?> settings) {
    Map<String, String> strings = new HashMap<>();
    settings.forEach((k, v) -> strings.put(k, String.valueOf(v)));
    return checked(source, strings);
  }

  private static KafkaClientSettings checked(String source, Map<String, String> settings) {
    for (String key : new TreeMap<>(settings).keySet()) {
      refusal(key).ifPresent(reason -> {
        throw new IllegalArgumentException(source + ": " + key + ": " + reason);
      });
    }
    return settings.isEmpty() ? NONE : new KafkaClientSettings(settings);
  }

  /** Why {@code key} may not be set from a client properties file, or empty when it may. */
  static Optional<String> refusal(String key) {
    if (key.equals("bootstrap.servers")) {
      return Optional.of("not allowed in --kafka-config, use --bootstrap");
    }
    if (MESHLOG_KEYS.contains(key)) {
      return Optional.of("set by Meshlog, not allowed in --kafka-config");
    }
    if (CONNECTION_KEYS.contains(key) || PREFIXES.stream().anyMatch(key::startsWith)) {
      return Optional.empty();
    }
    return Optional.of("not a connection or security setting; --kafka-config allows only security.protocol, sasl.*, ssl.*, "
        + "client.dns.lookup and the connection, reconnect and retry timeouts");
  }

  /** {@code own} plus these settings; {@code own} wins on a shared key (there is none after the checks). */
  public Map<String, Object> over(Map<String, Object> own) {
    Map<String, Object> merged = new HashMap<>(settings);
    merged.putAll(own);
    return merged;
  }

  /** Adds these settings to {@code own} where it has no value for them, and returns it (for Streams configs). */
  public Properties over(Properties own) {
    settings.forEach(own::putIfAbsent);
    return own;
  }

  public boolean isEmpty() {
    return settings.isEmpty();
  }

  /** The keys set (values are not exposed: they may be secrets). */
  public Set<String> keys() {
    return settings.keySet();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KafkaClientSettings other && settings.equals(other.settings);
  }

  @Override
  public int hashCode() {
    return settings.hashCode();
  }

  /** Keys with their values masked, except the few that only say how to connect (protocol, mechanism). */
  @Override
  public String toString() {
    return settings.entrySet().stream()
        .map(e -> e.getKey() + "=" + (PLAIN_KEYS.contains(e.getKey()) ? e.getValue() : "*****"))
        .collect(Collectors.joining(", ", "KafkaClientSettings[", "]"));
  }
}
