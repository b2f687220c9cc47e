package dev.meshlog.engine.status;

import dev.meshlog.avro.AckStatus;
import dev.meshlog.avro.PolicyRollout;
import dev.meshlog.avro.ProxyAck;
import dev.meshlog.avro.ProxySnapshot;
import dev.meshlog.avro.ProxyStatus;
import dev.meshlog.avro.SnapshotCause;
import dev.meshlog.engine.MeshFixtures;
import dev.meshlog.engine.StreamsSettings;
import dev.meshlog.schemas.Topics;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * The status job on a {@link TopologyTestDriver}, fed as the snapshot builder, proxies and sidecar
 * registration feed it. Snapshots are built by hand with their causes, as the builder writes them.
 */
final class StatusHarness implements AutoCloseable {

  static final Topics TOPICS = Topics.withPrefix("test.");
  static final Instant T0 = MeshFixtures.T0;

  private final TopologyTestDriver driver;
  private final TestInputTopic<String, ProxySnapshot> snapshots;
  private final TestInputTopic<String, ProxyAck> acks;
  private final TestInputTopic<String, dev.meshlog.avro.ClusterEvent> cluster;
  private final TestOutputTopic<String, ProxyStatus> statusOut;
  private final TestOutputTopic<String, PolicyRollout> rolloutOut;
  private final Map<String, ProxyStatus> statuses = new HashMap<>();
  private final Map<String, PolicyRollout> rollouts = new HashMap<>();

  StatusHarness(Path stateDir) {
    driver = new TopologyTestDriver(StatusTopology.build(TOPICS),
        StreamsSettings.forApp("status-test", "unused:9092", stateDir, 1, TOPICS.deadLetter().name()), T0);
    snapshots = driver.createInputTopic(TOPICS.proxySnapshots().name(),
        TOPICS.proxySnapshots().keySerde().serializer(), TOPICS.proxySnapshots().valueSerde().serializer());
    acks = driver.createInputTopic(TOPICS.proxyAcks().name(),
        TOPICS.proxyAcks().keySerde().serializer(), TOPICS.proxyAcks().valueSerde().serializer());
    cluster = driver.createInputTopic(TOPICS.clusterEvents().name(),
        TOPICS.clusterEvents().keySerde().serializer(), TOPICS.clusterEvents().valueSerde().serializer());
    statusOut = driver.createOutputTopic(TOPICS.proxyStatus().name(),
        TOPICS.proxyStatus().keySerde().deserializer(), TOPICS.proxyStatus().valueSerde().deserializer());
    rolloutOut = driver.createOutputTopic(TOPICS.policyRollout().name(),
        TOPICS.policyRollout().keySerde().deserializer(), TOPICS.policyRollout().valueSerde().deserializer());
  }

  /** A change of {@code subject} at {@code offset} of the policy events topic, made at T0 + {@code atMs}. */
  static SnapshotCause cause(String subject, long offset, long atMs) {
    return new SnapshotCause(subject, TOPICS.policyEvents().name(), 0, offset, T0.plusMillis(atMs));
  }

  void register(String proxyId) {
    var event = MeshFixtures.workload(proxyId, "default", "reviews", "v1", proxyId, 0);
    cluster.pipeInput(event.getEnvelope().getSubject(), event, T0);
  }

  void deregister(String proxyId) {
    var event = MeshFixtures.workloadRemoved(proxyId, "default", "reviews", "v1", proxyId, 0);
    cluster.pipeInput(event.getEnvelope().getSubject(), event, T0);
  }

  /** The builder publishes {@code version} (hash "h<version>") at T0 + {@code atMs}. */
  void send(String proxyId, long version, long atMs, SnapshotCause... causes) {
    ProxySnapshot snapshot = ProxySnapshot.newBuilder()
        .setProxyId(proxyId).setVersion(version).setHash(hash(version))
        .setRoutes(List.of()).setClusters(List.of()).setCauses(List.of(causes))
        .build();
    snapshots.pipeInput(proxyId, snapshot, T0.plusMillis(atMs));
  }

  void withdraw(String proxyId) {
    snapshots.pipeInput(proxyId, null, T0);
  }

  void ack(String proxyId, long version, long atMs) {
    answer(proxyId, version, atMs, AckStatus.ACK, null);
  }

  void nack(String proxyId, long version, long atMs, String error) {
    answer(proxyId, version, atMs, AckStatus.NACK, error);
  }

  private void answer(String proxyId, long version, long atMs, AckStatus status, String error) {
    ProxyAck ack = new ProxyAck(proxyId, version, hash(version), status, error, T0.plusMillis(atMs));
    acks.pipeInput(proxyId, ack, T0.plusMillis(atMs));
  }

  static String hash(long version) {
    return "h" + version;
  }

  /** The latest status of the proxy as compaction keeps it; null once tombstoned. */
  ProxyStatus status(String proxyId) {
    drain();
    return statuses.get(proxyId);
  }

  boolean statusTombstoned(String proxyId) {
    drain();
    return statuses.containsKey(proxyId) && statuses.get(proxyId) == null;
  }

  PolicyRollout rollout(String subject) {
    drain();
    return rollouts.get(subject);
  }

  /** Rollout records emitted since the last call, in order. */
  List<KeyValue<String, PolicyRollout>> newRollouts() {
    List<KeyValue<String, PolicyRollout>> fresh = rolloutOut.readKeyValuesToList();
    fresh.forEach(kv -> rollouts.put(kv.key, kv.value));
    return fresh;
  }

  private void drain() {
    statusOut.readKeyValuesToList().forEach(kv -> statuses.put(kv.key, kv.value));
    newRollouts();
  }

  String describe() {
    return driver.producedTopicNames() + "\n" + StatusTopology.build(TOPICS).describe();
  }

  @Override
  public void close() {
    driver.close();
  }
}
