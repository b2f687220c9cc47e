package dev.meshlog.cli.faults.controlplane;

import static org.awaitility.Awaitility.await;

import dev.meshlog.avro.ProxySnapshot;
import dev.meshlog.cli.jobs.TopicLayout;
import dev.meshlog.cli.read.LatestValues;
import dev.meshlog.cli.read.TopicScan;
import dev.meshlog.engine.EngineConfig;
import dev.meshlog.engine.PolicyEngine;
import dev.meshlog.kafka.local.KafkaBroker;
import dev.meshlog.schemas.TopicSpec;
import dev.meshlog.schemas.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Check (b)'s reference: what an uninterrupted run makes of the same inputs. The faulted mesh's committed inputs
 * (its policy commands, in log order, its cluster events and its CA's trust bundle) are copied byte for byte to fresh
 * topics, and a fresh engine with fresh state folds them with no fault; its snapshots' content hashes, by proxy id,
 * are what every proxy of the faulted mesh must end up running.
 */
public final class ReferenceFold {

  private ReferenceFold() {}

  public static Map<String, String> hashes(String bootstrap, Topics faulted, Set<String> proxies) throws Exception {
    String prefix = KafkaBroker.uniqueName("reference") + ".";
    Topics fresh = Topics.withPrefix(prefix);
    new TopicLayout(fresh, 1).ensure(bootstrap, (short) 1);
    int commands = copy(bootstrap, faulted.policyCommands(), fresh.policyCommands());
    copy(bootstrap, faulted.clusterEvents(), fresh.clusterEvents());
    copy(bootstrap, faulted.caBundle(), fresh.caBundle());

    Path state = Files.createTempDirectory("meshlog-reference");
    try (PolicyEngine engine = PolicyEngine.start(EngineConfig.defaults(bootstrap, fresh, state).withApplicationIdPrefix(prefix + "engine"))) {
      engine.awaitRunning(Duration.ofSeconds(120));
      await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
          .until(() -> EventLogAudit.committedEvents(bootstrap, fresh) == commands);
      // Settled: every proxy has a snapshot and two reads a debounce period (and more) apart agree.
      AtomicReference<Map<String, String>> last = new AtomicReference<>(Map.of());
      return await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(1500)).ignoreExceptions().until(() -> {
        Map<String, String> now = new TreeMap<>();
        LatestValues.read(bootstrap, fresh.proxySnapshots()).forEach((id, s) -> now.put(id, s.getHash()));
        Map<String, String> before = last.getAndSet(now);
        return now.keySet().equals(proxies) && now.equals(before) ? now : null;
      }, h -> h != null);
    }
  }

  /** Latest snapshot of each proxy in {@code topics}, for messages and content checks. */
  static Map<String, ProxySnapshot> snapshots(String bootstrap, Topics topics) {
    return LatestValues.read(bootstrap, topics.proxySnapshots());
  }

  /**
   * Copies every committed record of {@code from} to {@code to}, one acknowledged send at a time: the copy's order is
   * the reference's input order, so no batch may be in flight (and retried) while the next one is sent.
   */
  private static int copy(String bootstrap, TopicSpec<?, ?> from, TopicSpec<?, ?> to) {
    int[] copied = {0};
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.<String, Object>of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
        ProducerConfig.ACKS_CONFIG, "all"), new ByteArraySerializer(), new ByteArraySerializer())) {
      TopicScan.readRaw(bootstrap, from.name(), true, record -> {
        try {
          producer.send(new ProducerRecord<>(to.name(), null, record.timestamp(), record.key(), record.value(), record.headers()))
              .get(120, TimeUnit.SECONDS);
        } catch (Exception e) {
          throw new IllegalStateException("copying " + from.name() + "@" + record.offset() + " to " + to.name() + " failed", e);
        }
        copied[0]++;
      });
    }
    return copied[0];
  }
}
