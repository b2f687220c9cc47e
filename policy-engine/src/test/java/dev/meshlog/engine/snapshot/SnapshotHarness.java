package dev.meshlog.engine.snapshot;

import dev.meshlog.avro.ClusterEvent;
import dev.meshlog.avro.MeshTrustBundle;
import dev.meshlog.avro.PolicyCommand;
import dev.meshlog.avro.PolicyEvent;
import dev.meshlog.avro.ProxySnapshot;
import dev.meshlog.engine.StreamsSettings;
import dev.meshlog.engine.sequencer.PolicyChain;
import dev.meshlog.schemas.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.function.LongSupplier;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/** A snapshot builder on a {@link TopologyTestDriver}, fed the way the sequencer and sidecars feed it. */
final class SnapshotHarness implements AutoCloseable {

  static final Topics TOPICS = Topics.withPrefix("test.");
  static final Debounce DEBOUNCE = new Debounce(Duration.ofMillis(100), Duration.ofSeconds(10));

  private final TopologyTestDriver driver;
  /** The driver's wall clock; inputs are stamped with it, as if written just before the builder reads them. */
  private Instant wallClock;
  private final TestInputTopic<String, PolicyEvent> policyEvents;
  private final TestInputTopic<String, ClusterEvent> clusterEvents;
  private final TestInputTopic<String, MeshTrustBundle> trustBundles;
  private final TestOutputTopic<String, byte[]> snapshots;
  private PolicyEvent lastLink;

  SnapshotHarness(Path stateDir, Debounce debounce) {
    this(stateDir, debounce, WorkloadIdentity.DEFAULT_TRUST_DOMAIN);
  }

  /** A builder for the proxies of {@code trustDomain}; folding an input takes no time on the driver's clock. */
  SnapshotHarness(Path stateDir, Debounce debounce, String trustDomain) {
    this(stateDir, debounce, trustDomain, () -> 0L);
  }

  /** A builder whose time spent folding an input is measured on {@code nanoTime}. */
  SnapshotHarness(Path stateDir, Debounce debounce, String trustDomain, LongSupplier nanoTime) {
    wallClock = Instant.parse("2026-11-25T12:00:00Z");
    driver = new TopologyTestDriver(SnapshotTopology.build(TOPICS, debounce, trustDomain, nanoTime),
        StreamsSettings.forApp("snapshots-test", "unused:9092", stateDir, 1, TOPICS.deadLetter().name()), wallClock);
    policyEvents = driver.createInputTopic(TOPICS.policyEvents().name(),
        TOPICS.policyEvents().keySerde().serializer(), TOPICS.policyEvents().valueSerde().serializer());
    clusterEvents = driver.createInputTopic(TOPICS.clusterEvents().name(),
        TOPICS.clusterEvents().keySerde().serializer(), TOPICS.clusterEvents().valueSerde().serializer());
    trustBundles = driver.createInputTopic(TOPICS.caBundle().name(),
        TOPICS.caBundle().keySerde().serializer(), TOPICS.caBundle().valueSerde().serializer());
    // raw bytes: the determinism tests compare what went on the wire, not a re-encoding
    snapshots = driver.createOutputTopic(TOPICS.proxySnapshots().name(),
        TOPICS.proxySnapshots().keySerde().deserializer(), new ByteArrayDeserializer());
  }

  /** An accepted command, chained as the sequencer would. */
  void accept(PolicyCommand command) {
    long sequence = lastLink == null ? 1 : lastLink.getSequence() + 1;
    String subject = command.getEnvelope().getSubject();
    lastLink = PolicyChain.append(command, subject, sequence, 1, lastLink == null ? null : lastLink.getEnvelope().getHash());
    policyEvents.pipeInput(subject, lastLink, wallClock);
  }

  /** A cluster event written to the log just now. */
  void cluster(ClusterEvent event) {
    clusterWrittenAgo(event, Duration.ZERO);
  }

  /** A cluster event written {@code age} ago: the builder reads it from a backlog. */
  void clusterWrittenAgo(ClusterEvent event, Duration age) {
    clusterEvents.pipeInput(event.getEnvelope().getSubject(), event, wallClock.minus(age));
  }

  /** A bundle as the CA publishes it, keyed by its trust domain. */
  void trustBundle(MeshTrustBundle bundle) {
    trustBundles.pipeInput(bundle.getTrustDomain(), bundle, wallClock);
  }

  /** The tombstone that removes {@code trustDomain}'s bundle. */
  void trustBundleRemoved(String trustDomain) {
    trustBundles.pipeInput(trustDomain, null, wallClock);
  }

  void advance(Duration duration) {
    wallClock = wallClock.plus(duration);
    driver.advanceWallClockTime(duration);
  }

  /** Every record published since the last call, raw, in order (a null value is a tombstone). */
  List<KeyValue<String, byte[]>> publishedBytes() {
    return snapshots.readKeyValuesToList();
  }

  /** Every record published since the last call, decoded, in order (a null value is a tombstone). */
  List<KeyValue<String, ProxySnapshot>> published() {
    return publishedBytes().stream().map(kv -> KeyValue.pair(kv.key, decode(kv.value))).toList();
  }

  /** Bytes (keys and values) the builder wrote to its stores' changelogs since the last call: what exactly-once makes durable per event. */
  long changelogBytes() {
    long total = 0;
    for (String topic : driver.producedTopicNames()) {
      if (topic.endsWith("-changelog")) {
        for (var kv : driver.createOutputTopic(topic, new ByteArrayDeserializer(), new ByteArrayDeserializer()).readKeyValuesToList()) {
          total += (kv.key == null ? 0 : kv.key.length) + (kv.value == null ? 0 : kv.value.length);
        }
      }
    }
    return total;
  }

  /** The value of the builder's metric {@code name} (summed over tasks). */
  double metric(String name) {
    return driver.metrics().entrySet().stream()
        .filter(e -> e.getKey().name().equals(name))
        .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue())
        .sum();
  }

  static ProxySnapshot decode(byte[] bytes) {
    return TOPICS.proxySnapshots().valueSerde().deserializer().deserialize(TOPICS.proxySnapshots().name(), bytes);
  }

  /** What compaction keeps: the latest snapshot per proxy, tombstoned proxies absent. */
  static Map<String, byte[]> compacted(List<KeyValue<String, byte[]>> records) {
    Map<String, byte[]> latest = new TreeMap<>();
    for (KeyValue<String, byte[]> kv : records) {
      if (kv.value == null) {
        latest.remove(kv.key);
      } else {
        latest.put(kv.key, kv.value);
      }
    }
    return latest;
  }

  @Override
  public void close() {
    driver.close();
  }
}
