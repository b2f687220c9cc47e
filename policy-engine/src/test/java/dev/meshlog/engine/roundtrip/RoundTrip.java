package dev.meshlog.engine.roundtrip;

import dev.meshlog.avro.ClusterEvent;
import dev.meshlog.avro.PolicyCommand;
import dev.meshlog.avro.PolicyEvent;
import dev.meshlog.avro.PolicyState;
import dev.meshlog.avro.PolicyStatus;
import dev.meshlog.avro.ProxySnapshot;
import dev.meshlog.avro.Source;
import dev.meshlog.engine.StreamsSettings;
import dev.meshlog.engine.sequencer.SequencerTopology;
import dev.meshlog.engine.snapshot.Debounce;
import dev.meshlog.engine.snapshot.SnapshotTopology;
import dev.meshlog.engine.snapshot.WorkloadIdentity;
import dev.meshlog.ingest.policy.Attribution;
import dev.meshlog.ingest.policy.ParseResult;
import dev.meshlog.ingest.policy.PolicyDocuments;
import dev.meshlog.schemas.Topics;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * The whole way from the YAML a user writes to the snapshot a proxy receives: ingest's
 * {@link PolicyDocuments} parses a fixture of {@code src/test/resources/roundtrip/}, the real
 * sequencer decides the commands, its policy events are piped into the real snapshot builder
 * together with the cluster events of the sidecars, and the snapshots are read off the output
 * topic. Each topology runs on its own {@link TopologyTestDriver}, chained through the topic that
 * joins them in production (mesh.policy.events).
 */
final class RoundTrip implements AutoCloseable {

  static final Topics TOPICS = Topics.withPrefix("roundtrip.");
  private static final Debounce DEBOUNCE = new Debounce(Duration.ofMillis(100), Duration.ofSeconds(10));
  /** Past the debounce's quiet period: every pending snapshot is out after this much wall clock. */
  private static final Duration SETTLE = Duration.ofMillis(250);
  private static final Instant START = Instant.parse("2026-11-26T00:00:00Z");
  private static final Clock CLOCK = Clock.fixed(START, ZoneOffset.UTC);
  private static final Attribution ALICE = new Attribution("alice", "round-trip test", Source.CLI);

  private final TopologyTestDriver sequencer;
  private final TopologyTestDriver builder;
  private final TestInputTopic<String, PolicyCommand> commands;
  private final TestOutputTopic<String, PolicyEvent> events;
  private final TestOutputTopic<String, PolicyStatus> statuses;
  private final TestInputTopic<String, PolicyEvent> policyEvents;
  private final TestInputTopic<String, ClusterEvent> clusterEvents;
  private final TestOutputTopic<String, ProxySnapshot> snapshots;
  private final Map<String, ProxySnapshot> latest = new TreeMap<>();

  RoundTrip(Path stateDir) {
    sequencer = new TopologyTestDriver(SequencerTopology.build(TOPICS),
        StreamsSettings.forApp("roundtrip-sequencer", "unused:9092", stateDir.resolve("sequencer"), 1, TOPICS.deadLetter().name()), START);
    builder = new TopologyTestDriver(SnapshotTopology.build(TOPICS, DEBOUNCE, WorkloadIdentity.DEFAULT_TRUST_DOMAIN, () -> 0L),
        StreamsSettings.forApp("roundtrip-snapshots", "unused:9092", stateDir.resolve("snapshots"), 1, TOPICS.deadLetter().name()), START);
    commands = sequencer.createInputTopic(TOPICS.policyCommands().name(),
        TOPICS.policyCommands().keySerde().serializer(), TOPICS.policyCommands().valueSerde().serializer());
    events = sequencer.createOutputTopic(TOPICS.policyEvents().name(),
        TOPICS.policyEvents().keySerde().deserializer(), TOPICS.policyEvents().valueSerde().deserializer());
    statuses = sequencer.createOutputTopic(TOPICS.policyStatus().name(),
        TOPICS.policyStatus().keySerde().deserializer(), TOPICS.policyStatus().valueSerde().deserializer());
    policyEvents = builder.createInputTopic(TOPICS.policyEvents().name(),
        TOPICS.policyEvents().keySerde().serializer(), TOPICS.policyEvents().valueSerde().serializer());
    clusterEvents = builder.createInputTopic(TOPICS.clusterEvents().name(),
        TOPICS.clusterEvents().keySerde().serializer(), TOPICS.clusterEvents().valueSerde().serializer());
    snapshots = builder.createOutputTopic(TOPICS.proxySnapshots().name(),
        TOPICS.proxySnapshots().keySerde().deserializer(), TOPICS.proxySnapshots().valueSerde().deserializer());
  }

  /** Registers services and workloads, as the registry and the sidecars do. */
  RoundTrip cluster(List<ClusterEvent> cluster) {
    cluster.forEach(event -> clusterEvents.pipeInput(event.getEnvelope().getSubject(), event));
    return this;
  }

  /**
   * Parses the whole fixture (every document must be valid, as {@code meshlog apply -f} requires),
   * then sends the upserts of the documents named {@code namespace/name}, in the order given.
   */
  RoundTrip apply(String fixture, String... documents) {
    return send(select(fixture, (file, text) -> PolicyDocuments.parse(file, text, ALICE, CLOCK), documents));
  }

  /** {@code meshlog delete -f}: the DELETE commands of the named documents of the fixture. */
  RoundTrip delete(String fixture, String... documents) {
    return send(select(fixture, (file, text) -> PolicyDocuments.parseDeletes(file, text, ALICE, CLOCK), documents));
  }

  /** The latest snapshot published for {@code proxyId}, once the debounce has let every pending one out. */
  ProxySnapshot snapshot(String proxyId) {
    builder.advanceWallClockTime(SETTLE);
    for (KeyValue<String, ProxySnapshot> record : snapshots.readKeyValuesToList()) {
      if (record.value == null) {
        latest.remove(record.key);
      } else {
        latest.put(record.key, record.value);
      }
    }
    ProxySnapshot snapshot = latest.get(proxyId);
    if (snapshot == null) {
      throw new AssertionError("no snapshot was published for proxy " + proxyId + "; proxies with one: " + latest.keySet());
    }
    return snapshot;
  }

  private List<PolicyCommand> select(String fixture, BiFunction<String, String, ParseResult> parser, String... documents) {
    ParseResult result = parser.apply(fixture, read(fixture));
    if (result instanceof ParseResult.Refused refused) {
      throw new AssertionError(fixture + " was refused: " + refused.errors());
    }
    List<PolicyCommand> parsed = ((ParseResult.Parsed) result).commands();
    List<PolicyCommand> chosen = new ArrayList<>();
    for (String document : documents) {
      chosen.add(parsed.stream().filter(c -> (c.getNamespace() + "/" + c.getName()).equals(document)).findFirst()
          .orElseThrow(() -> new AssertionError(fixture + " has no document " + document + "; it has "
              + parsed.stream().map(c -> c.getKind() + " " + c.getNamespace() + "/" + c.getName()).toList())));
    }
    return chosen;
  }

  /** Each command through the sequencer, which must accept it; its event on to the snapshot builder. */
  private RoundTrip send(List<PolicyCommand> chosen) {
    for (PolicyCommand command : chosen) {
      commands.pipeInput(command.getEnvelope().getSubject(), command);
      for (PolicyStatus status : statuses.readValuesToList()) {
        if (status.getState() != PolicyState.ACCEPTED) {
          throw new AssertionError("the sequencer did not accept " + status.getSubject() + ": " + status.getErrors());
        }
      }
      for (KeyValue<String, PolicyEvent> event : events.readKeyValuesToList()) {
        policyEvents.pipeInput(event.key, event.value);
      }
    }
    return this;
  }

  private static String read(String fixture) {
    try (InputStream in = RoundTrip.class.getResourceAsStream("/roundtrip/" + fixture)) {
      if (in == null) {
        throw new AssertionError("no fixture roundtrip/" + fixture);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    builder.close();
    sequencer.close();
  }
}
