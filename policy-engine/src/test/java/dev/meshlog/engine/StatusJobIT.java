package dev.meshlog.engine;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.meshlog.avro.AckStatus;
import dev.meshlog.avro.PolicyRollout;
import dev.meshlog.avro.ProxyAck;
import dev.meshlog.avro.ProxySnapshot;
import dev.meshlog.avro.ProxyStatus;
import dev.meshlog.avro.ProxySyncState;
import dev.meshlog.avro.SnapshotCause;
import dev.meshlog.engine.status.RolloutSummary;
import dev.meshlog.engine.status.StatusTopology;
import dev.meshlog.kafka.local.KafkaBroker;
import dev.meshlog.schemas.TopicAdmin;
import dev.meshlog.schemas.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The status job alone on a real broker, exactly-once, with its repartition topics and JSON stores:
 * snapshots written as the builder writes them (with causes), answers as proxies write them. Does not
 * depend on the snapshot builder, so it pins the job's own behaviour.
 */
@ExtendWith(KafkaBroker.class)
class StatusJobIT {

  private static final Duration PATIENCE = Duration.ofSeconds(90);
  private static final String VS = "VirtualService/default/reviews";

  @TempDir
  Path stateDir;

  @Test
  void shouldReportSyncedAndNackedProxiesAndTheRolloutOfTheirChange() throws Exception {
    String bootstrap = KafkaBroker.bootstrapServers();
    Topics topics = Topics.withPrefix(KafkaBroker.uniqueName("status-job") + ".");
    TopicAdmin.ensureTopics(bootstrap, topics.all(), 1, (short) 1);
    var properties = StreamsSettings.forApp(KafkaBroker.uniqueName("status-job-it"), bootstrap, stateDir, 1, topics.deadLetter().name());

    try (KafkaStreams streams = new KafkaStreams(StatusTopology.build(topics), properties)) {
      streams.setUncaughtExceptionHandler(e -> StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
      streams.start();
      await().atMost(PATIENCE).until(() -> streams.state() == KafkaStreams.State.RUNNING);

      Instant changed = Instant.now();
      SnapshotCause cause = new SnapshotCause(VS, topics.policyEvents().name(), 0, 3L, changed);
      TopicWriter.send(bootstrap, topics.proxySnapshots(), List.of(snapshot("p1", 11, cause), snapshot("p2", 11, cause)),
          ProxySnapshot::getProxyId);
      TopicWriter.send(bootstrap, topics.proxyAcks(), List.of(
          new ProxyAck("p1", 11L, "h11", AckStatus.ACK, null, changed.plusMillis(40)),
          new ProxyAck("p2", 11L, "h11", AckStatus.NACK, "cluster outbound|80|v3|reviews has no endpoints", changed.plusMillis(50))),
          ProxyAck::getProxyId);

      try (var statuses = new TopicReader<>(bootstrap, topics.proxyStatus());
          var rollouts = new TopicReader<>(bootstrap, topics.policyRollout())) {
        await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> {
          Map<String, ProxyStatus> latest = latest(statuses.poll());
          assertEquals(ProxySyncState.SYNCED, latest.get("p1").getState());
          assertEquals(ProxySyncState.NACKED, latest.get("p2").getState());
        });
        await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> {
          PolicyRollout rollout = latest(rollouts.poll()).get(VS);
          assertNotNull(rollout, "no rollout yet");
          assertEquals("applied 1 of 2, NACKed by p2: cluster outbound|80|v3|reviews has no endpoints", RolloutSummary.of(rollout));
          assertEquals(40L, rollout.getApplyMaxMs());
        });
      }
      streams.close(Duration.ofSeconds(30));
    }
  }

  private static ProxySnapshot snapshot(String proxyId, long version, SnapshotCause cause) {
    return ProxySnapshot.newBuilder().setProxyId(proxyId).setVersion(version).setHash("h" + version)
        .setRoutes(List.of()).setClusters(List.of()).setCauses(List.of(cause)).build();
  }

  private static <V> Map<String, V> latest(List<ConsumerRecord<String, V>> records) {
    Map<String, V> latest = new HashMap<>();
    records.forEach(r -> latest.put(r.key(), r.value()));
    return latest;
  }
}
