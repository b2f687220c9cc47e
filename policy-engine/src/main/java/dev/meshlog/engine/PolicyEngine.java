package dev.meshlog.engine;

import dev.meshlog.engine.ca.CaAppTopology;
import dev.meshlog.engine.ca.checkpoint.CheckpointSetup;
import dev.meshlog.engine.ca.signer.CaMetrics;
import dev.meshlog.engine.ca.signer.SignerSetup;
import dev.meshlog.engine.sequencer.SequencerTopology;
import dev.meshlog.engine.snapshot.SnapshotTopology;
import dev.meshlog.engine.status.StatusTopology;
import dev.meshlog.schemas.SchemaCatalogPublisher;
import dev.meshlog.schemas.Topics;
import dev.meshlog.schemas.deadletter.DeadLetterCounts;
import dev.meshlog.schemas.StreamsFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running policy engine: three Kafka Streams apps in this process, the sequencer
 * ({@code <prefix>-sequencer}), the snapshot builder ({@code <prefix>-snapshots}) and the
 * proxy-status and rollout job ({@code <prefix>-status}); a fourth, the mesh CA signer
 * ({@code <prefix>-ca}), when the config carries a CA; it also signs the policy chain's head into
 * checkpoints. Publishes the schema catalog first.
 * Owns their lifecycle; the graphs come from the pure {@code build} methods of the topologies.
 */
public final class PolicyEngine implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(PolicyEngine.class);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
  // Streams does not leave its group on close by default, so a restarted `meshlog up` would wait out
  // the old members' session timeout (45 s) before its first rebalance completes.
  private static final CloseOptions LEAVE_GROUP_ON_CLOSE = CloseOptions.timeout(CLOSE_TIMEOUT)
      .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP);

  private final List<App> apps;
  private final Optional<CaMetrics> caMetrics;
  private final DeadLetterCounts deadLetters;
  private final CompletableFuture<String> failure;

  private record App(String id, KafkaStreams streams) {}

  private PolicyEngine(List<App> apps, Optional<CaMetrics> caMetrics, DeadLetterCounts deadLetters,
      CompletableFuture<String> failure) {
    this.apps = apps;
    this.caMetrics = caMetrics;
    this.deadLetters = deadLetters;
    this.failure = failure;
  }

  /** Checks the input topics, then starts the apps (they reach RUNNING asynchronously: see {@link #awaitRunning}). */
  public static PolicyEngine start(EngineConfig config) {
    Topics topics = config.topics();
    InputTopics.check(config.bootstrap(), config.kafkaClient(),
        List.of(topics.policyCommands(), topics.policyEvents(), topics.clusterEvents(), topics.caBundle(), topics.proxySnapshots(),
            topics.proxyAcks()),
        List.of(topics.policyEvents(), topics.clusterEvents(), topics.caBundle()));
    // Every deployment runs an engine, so every deployment gets the catalog that lets any consumer decode
    // any topic by fingerprint; written before the apps, so their first records are already decodable.
    int written = SchemaCatalogPublisher.publish(config.bootstrap(), config.kafkaClient(), topics.schemaCatalog());
    log.info("schema catalog {}: {} schema(s) written", topics.schemaCatalog().name(), written);
    // one count for the engine's apps: the metric's job label is "engine", its topic label tells the inputs apart
    DeadLetterCounts deadLetters = new DeadLetterCounts("engine");
    CompletableFuture<String> failure = new CompletableFuture<>();
    App sequencer = app(config, deadLetters, failure, config.sequencerApplicationId(), "sequencer", SequencerTopology.build(topics));
    App snapshots = app(config, deadLetters, failure, config.snapshotsApplicationId(), "snapshots",
        SnapshotTopology.build(topics, config.debounce(), config.trustDomain()));
    App status = app(config, deadLetters, failure, config.statusApplicationId(), "status", StatusTopology.build(topics));
    List<App> apps = new ArrayList<>(List.of(sequencer, snapshots, status));
    Optional<SignerSetup> signer = config.ca().map(ca -> {
      InputTopics.check(config.bootstrap(), config.kafkaClient(), List.of(topics.caRequests(), topics.caBundle(), topics.policyCheckpoints()), List.of());
      SignerSetup setup = SignerSetup.from(ca);
      CheckpointSetup checkpoints = new CheckpointSetup(setup.trustDomain(), setup.authority(), setup.clock(), ca.checkpointInterval());
      apps.add(app(config, deadLetters, failure, config.caApplicationId(), "ca", CaAppTopology.build(topics, setup, checkpoints)));
      log.info("mesh CA signer: {}; policy checkpoints every {}", setup, checkpoints.interval());
      return setup;
    });
    PolicyEngine engine = new PolicyEngine(List.copyOf(apps), signer.map(SignerSetup::metrics), deadLetters, failure);
    log.info("starting policy engine on {}: apps {}, debounce {}, trust domain {}, instance {}, standby replicas {}",
        config.bootstrap(), engine.apps.stream().map(App::id).toList(), config.debounce(), config.trustDomain(),
        config.instanceId().orElse("(dynamic membership)"), config.standbyReplicas());
    try {
      engine.apps.forEach(a -> a.streams().start());
    } catch (RuntimeException e) {
      engine.close(); // never leave some apps running without the others
      throw e;
    }
    return engine;
  }

  private static App app(EngineConfig config, DeadLetterCounts deadLetters, CompletableFuture<String> failure, String applicationId,
      String stateSubdir, Topology topology) {
    var properties = StreamsSettings.withMembership(StreamsSettings.forApp(applicationId, config.bootstrap(),
        config.stateDir().resolve(stateSubdir), config.replicationFactor(), config.topics().deadLetter().name(), deadLetters,
        config.kafkaClient()), config.instanceId(), config.standbyReplicas(), config.sessionTimeout());
    KafkaStreams streams = new KafkaStreams(topology, properties);
    StreamsFailure cause = new StreamsFailure(applicationId);
    streams.setStateListener((now, before) -> {
      log.info("[app={}] {} -> {}", applicationId, before, now);
      if (now == KafkaStreams.State.ERROR) {
        failure.complete(cause.describe());
      }
    });
    streams.setUncaughtExceptionHandler(e -> {
      // stop the whole client: a half-running engine would silently stop sequencing or publishing
      log.error("[app={}] stream thread failed; shutting the app down (engine no longer running)", applicationId, e);
      cause.record(e);
      return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    });
    return new App(applicationId, streams);
  }

  /** Waits until every app is RUNNING; throws {@link IllegalStateException} if one fails or the time runs out. */
  public void awaitRunning(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!isRunning()) {
      for (App app : apps) {
        KafkaStreams.State state = app.streams().state();
        if (state == KafkaStreams.State.ERROR || state == KafkaStreams.State.PENDING_ERROR
            || state == KafkaStreams.State.NOT_RUNNING || state == KafkaStreams.State.PENDING_SHUTDOWN) {
          throw new IllegalStateException("policy engine app " + app.id() + " is " + state + " (see the log for the cause)");
        }
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("policy engine not running after " + timeout + ": " + states());
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the policy engine", e);
      }
    }
  }

  /** The mesh CA signer's counters (issued, refused per reason), when the engine runs the CA. */
  public Optional<CaMetrics> caMetrics() {
    return caMetrics;
  }

  /** The undecodable input records the engine's apps dead-lettered, by source topic (job "engine"). */
  public DeadLetterCounts deadLetters() {
    return deadLetters;
  }

  /** The tasks one app runs in this instance: active ones it processes, standby ones it keeps warm for another instance. */
  public record AppTasks(Set<String> active, Set<String> standby) {}

  /**
   * Per app id, the tasks this instance holds now (task ids like {@code 0_1}: subtopology, partition). With several
   * instances it shows who runs what, e.g. which one folds the snapshots (one task: its inputs have one partition).
   */
  public Map<String, AppTasks> tasks() {
    Map<String, AppTasks> tasks = new TreeMap<>();
    for (App app : apps) {
      Set<String> active = new TreeSet<>();
      Set<String> standby = new TreeSet<>();
      app.streams().metadataForLocalThreads().forEach(thread -> {
        thread.activeTasks().forEach(t -> active.add(t.taskId().toString()));
        thread.standbyTasks().forEach(t -> standby.add(t.taskId().toString()));
      });
      tasks.put(app.id(), new AppTasks(Collections.unmodifiableSet(active), Collections.unmodifiableSet(standby)));
    }
    return tasks;
  }

  /**
   * Completes, with the app and the cause, once one of the apps has failed (Streams state ERROR): the engine no longer
   * sequences or publishes, so its process should exit and be restarted by its supervisor, as Kafka Streams advises.
   */
  public CompletableFuture<String> failure() {
    return failure;
  }

  public boolean isRunning() {
    return apps.stream().allMatch(a -> a.streams().state() == KafkaStreams.State.RUNNING);
  }

  /** Closes the apps in data-flow order (sequencer, snapshots, status), each within a timeout. */
  @Override
  public void close() {
    for (App app : apps) {
      log.info("[app={}] closing", app.id());
      if (!app.streams().close(LEAVE_GROUP_ON_CLOSE)) {
        log.warn("[app={}] did not close within {}", app.id(), CLOSE_TIMEOUT);
      }
    }
    log.info("policy engine closed");
  }

  private String states() {
    return apps.stream().map(a -> a.id() + "=" + a.streams().state()).toList().toString();
  }
}
