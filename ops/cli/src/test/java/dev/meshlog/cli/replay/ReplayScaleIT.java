package dev.meshlog.cli.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.avro.ClusterChange;
import dev.meshlog.avro.ClusterEvent;
import dev.meshlog.avro.PolicyEvent;
import dev.meshlog.avro.VirtualServiceSpec;
import dev.meshlog.engine.snapshot.WorkloadIdentity;
import dev.meshlog.kafka.local.KafkaBroker;
import dev.meshlog.schemas.Subjects;
import dev.meshlog.schemas.TopicAdmin;
import dev.meshlog.schemas.TopicSpec;
import dev.meshlog.schemas.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replay at scale, on a log written directly (no engine): 21 proxies over 10 services, then {@value #EVENTS} policy
 * events updating their VirtualServices. Logs how long a replay of every proxy and of one proxy take (the numbers the
 * docs quote), and checks the replay still lands on the right version.
 */
@ExtendWith(KafkaBroker.class)
class ReplayScaleIT {

  private static final Logger log = LoggerFactory.getLogger(ReplayScaleIT.class);
  static final int EVENTS = 100_000;
  private static final int SERVICES = 10;

  @Test
  void shouldReplayAHundredThousandEventsWellWithinTheBudget() {
    String bootstrap = KafkaBroker.bootstrapServers();
    Topics topics = Topics.withPrefix(KafkaBroker.uniqueName("scale") + ".");
    TopicAdmin.ensureTopics(bootstrap, topics.all(), 1, (short) 1);
    long start = Instant.now().toEpochMilli() - EVENTS - 1_000;
    long offset = 0;
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.LINGER_MS_CONFIG, 20,
        ProducerConfig.BATCH_SIZE_CONFIG, 1 << 20, ProducerConfig.ACKS_CONFIG, "1"), new StringSerializer(), new ByteArraySerializer())) {
      send(producer, topics.clusterEvents(), start, ReplayFixtures.workload("client", "client", null, 0, ClusterChange.REGISTERED));
      for (int s = 0; s < SERVICES; s++) {
        for (String v : List.of("v1", "v2")) {
          send(producer, topics.clusterEvents(), start, ReplayFixtures.workload("svc" + s + "-" + v, "svc" + s, v, 2000 + s * 2 + (v.equals("v1") ? 0 : 1), ClusterChange.REGISTERED));
        }
      }
      PolicyEvent[] vs = new PolicyEvent[SERVICES];
      long sequence = 1;
      for (int s = 0; s < SERVICES; s++) {
        List<PolicyEvent> pair = ReplayFixtures.events(ReplayFixtures.REVIEWS.formatted(50, 50).replace("reviews", "svc" + s), sequence, "bench");
        sequence += 2;
        send(producer, topics.policyEvents(), start + 1, pair.get(0), offset++);
        vs[s] = pair.get(1);
      }
      for (int i = 0; i < EVENTS; i++) {
        PolicyEvent event = vs[i % SERVICES];
        int w = 10 + (i / SERVICES) % 80;
        VirtualServiceSpec spec = (VirtualServiceSpec) event.getSpec();
        spec.getHttp().get(0).getRoute().get(0).setWeight(w);
        spec.getHttp().get(0).getRoute().get(1).setWeight(100 - w);
        event.setSequence(sequence++);
        send(producer, topics.policyEvents(), start + 2 + i, event, offset++);
      }
      producer.flush();
    }

    LogReplay replay = new LogReplay(bootstrap, topics, WorkloadIdentity.DEFAULT_TRUST_DOMAIN);
    LogPoint now = new LogPoint.AtTime(Instant.now());
    List<String> inputs = List.of(topics.policyEvents().name(), topics.clusterEvents().name(), topics.caBundle().name());
    MergedInputs.Stats readOnly = new MergedInputs(bootstrap).read(inputs, Cutoff.END, record -> { });
    MeshReplay decodeOnly = MeshReplay.policiesOnly(topics, WorkloadIdentity.DEFAULT_TRUST_DOMAIN);
    MergedInputs.Stats decoded = new MergedInputs(bootstrap).read(inputs, Cutoff.END, decodeOnly::accept);
    long t0 = System.nanoTime();
    ReplayedMesh all = replay.at(now, Optional.empty());
    Duration everyProxy = Duration.ofNanos(System.nanoTime() - t0);
    t0 = System.nanoTime();
    ReplayedMesh one = replay.at(now, Optional.of("client"));
    Duration oneProxy = Duration.ofNanos(System.nanoTime() - t0);
    log.info("replay of {} policy events and {} proxies: every proxy {} ms, one proxy {} ms", EVENTS + SERVICES, all.proxies().size(),
        everyProxy.toMillis(), oneProxy.toMillis());
    System.out.printf("REPLAY-SCALE events=%d proxies=%d everyProxyMs=%d oneProxyMs=%d readOnlyMs=%d readAndDecodeMs=%d%n",
        EVENTS + SERVICES, all.proxies().size(), everyProxy.toMillis(), oneProxy.toMillis(), readOnly.took().toMillis(),
        decoded.took().toMillis());

    assertEquals(1 + 2 * SERVICES, all.proxies().size());
    long position = (1 + 2 * SERVICES) + (SERVICES + EVENTS);
    assertEquals(position, all.proxies().get("client").version(), "the client changed with the last event");
    assertEquals(all.proxies().get("client"), one.proxies().get("client"));

    // the same replay keeping only the last 10 inputs in memory: the walk back reads older ones again from the broker
    try (KafkaRecordFetch fetch = new KafkaRecordFetch(bootstrap)) {
      MeshReplay forgetful = MeshReplay.tail(topics, WorkloadIdentity.DEFAULT_TRUST_DOMAIN, id -> true, 10, fetch);
      new MergedInputs(bootstrap).read(inputs, Cutoff.END, forgetful::accept);
      assertEquals(all.proxies(), forgetful.result(now).proxies());
    }
    assertTrue(everyProxy.toSeconds() < 120 && oneProxy.toSeconds() < 60, everyProxy + " / " + oneProxy);
  }

  private static <V> void send(KafkaProducer<String, byte[]> producer, TopicSpec<String, V> topic, long timestamp, V value) {
    String key = value instanceof ClusterEvent e ? e.getEnvelope().getSubject() : null;
    producer.send(new ProducerRecord<>(topic.name(), 0, timestamp, key, topic.valueSerde().serializer().serialize(topic.name(), value)));
  }

  private static void send(KafkaProducer<String, byte[]> producer, TopicSpec<String, PolicyEvent> topic, long timestamp, PolicyEvent value,
      long offset) {
    producer.send(new ProducerRecord<>(topic.name(), 0, timestamp, Subjects.of(value.getKind(), value.getNamespace(), value.getName()),
        topic.valueSerde().serializer().serialize(topic.name(), value)));
  }
}
