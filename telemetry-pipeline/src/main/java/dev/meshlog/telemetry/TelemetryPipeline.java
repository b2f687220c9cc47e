package dev.meshlog.telemetry;

import dev.meshlog.schemas.StreamsFailure;
import dev.meshlog.schemas.deadletter.DeadLetterCounts;
import dev.meshlog.telemetry.aggregate.RequestAggregationTopology;
import dev.meshlog.telemetry.query.StoreWindows;
import dev.meshlog.telemetry.query.StoresUnavailableException;
import dev.meshlog.telemetry.query.WindowStoreReader;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KafkaStreams.State;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the telemetry aggregation ({@link RequestAggregationTopology}) as a Kafka Streams client.
 * The input and output topics must exist ({@code TopicAdmin.ensureTopics}); internal topics are
 * created by Streams. An uncaught exception is logged and shuts the client down, so a broken
 * pipeline shows as not running instead of silently losing a thread.
 */
public final class TelemetryPipeline implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(TelemetryPipeline.class);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
  /** How long {@link #recentWindows} retries a store that is migrating or restoring before giving up. */
  static final Duration STORE_RETRY = Duration.ofSeconds(1);
  private static final long STORE_RETRY_PAUSE_MS = 100;
  // Streams does not leave its group on close by default, so a restarted `meshlog up` would wait out
  // the old members' session timeout (45 s) before its first rebalance completes.
  private static final CloseOptions LEAVE_GROUP_ON_CLOSE = CloseOptions.timeout(CLOSE_TIMEOUT)
      .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP);

  private final PipelineConfig config;
  private final KafkaStreams streams;
  private final Object stateChanged = new Object();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final WindowStoreReader stores;
  private final DeadLetterCounts deadLetters = new DeadLetterCounts("pipeline");
  private final CompletableFuture<String> failure = new CompletableFuture<>();

  private TelemetryPipeline(PipelineConfig config) {
    this.config = config;
    var topology = RequestAggregationTopology.build(config.topics(), config.windows(), config.grace());
    this.streams = new KafkaStreams(topology, config.streamsProperties(deadLetters));
    this.stores = new WindowStoreReader(streams, config.windows());
    StreamsFailure cause = new StreamsFailure(config.applicationId());
    streams.setStateListener((now, before) -> {
      log.info("[app={}] telemetry pipeline {} -> {}", config.applicationId(), before, now);
      if (now == State.ERROR) {
        failure.complete(cause.describe());
      }
      synchronized (stateChanged) {
        stateChanged.notifyAll();
      }
    });
    streams.setUncaughtExceptionHandler(e -> {
      log.error("[app={}] telemetry pipeline failed; shutting the client down", config.applicationId(), e);
      cause.record(e);
      return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    });
  }

  /** Builds and starts the client; it reaches RUNNING asynchronously (see {@link #awaitRunning}). */
  public static TelemetryPipeline start(PipelineConfig config) {
    log.info("starting telemetry pipeline: app={}, bootstrap={}, in={}, out={}, windows={}, grace={}, rf={}, stateDir={}, "
            + "instance={}, standbyReplicas={}",
        config.applicationId(), config.bootstrap(), config.topics().telemetryRequests().name(),
        config.topics().telemetryMetrics().name(), config.windows(), config.grace(),
        config.replicationFactor(), config.stateDir(), config.instanceId().orElse("(dynamic membership)"), config.standbyReplicas());
    var pipeline = new TelemetryPipeline(config);
    pipeline.streams.start();
    return pipeline;
  }

  /**
   * Blocks until the client is RUNNING.
   *
   * @throws IllegalStateException if it fails or shuts down first, or does not get there in time
   */
  public void awaitRunning(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (stateChanged) {
      while (true) {
        State state = streams.state();
        if (state == State.RUNNING) {
          return;
        }
        if (state == State.ERROR || state == State.PENDING_ERROR || state.isShuttingDown() || state.hasCompletedShutdown()) {
          throw new IllegalStateException("telemetry pipeline " + config.applicationId() + " stopped: " + state);
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new IllegalStateException("telemetry pipeline " + config.applicationId()
              + " not running after " + timeout + " (state " + state + ")", new TimeoutException());
        }
        try {
          // Bounded wait: a transition may slip in between the state read and the wait.
          stateChanged.wait(Math.max(1, Math.min(Duration.ofNanos(left).toMillis(), 200)));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while waiting for the telemetry pipeline", e);
        }
      }
    }
  }

  /** The undecodable input records the pipeline dead-lettered, by source topic (job "pipeline"). */
  public DeadLetterCounts deadLetters() {
    return deadLetters;
  }

  /**
   * Completes, with the cause, once the client has failed (state ERROR): it no longer aggregates, so its process should
   * exit and be restarted by its supervisor, as Kafka Streams advises.
   */
  public CompletableFuture<String> failure() {
    return failure;
  }

  /** Running or rebalancing: a rebalance is a normal, transient step of a healthy client. */
  public boolean isRunning() {
    return streams.state().isRunningOrRebalancing();
  }

  /**
   * Interactive query: the windows ending after {@code from} that this instance's window stores hold
   * (every window size; request and TCP aggregates), built exactly as the pipeline writes them to its
   * output topics. Only local partitions: with several instances each holds a share (issue 10 adds
   * the fan-out over {@code KafkaStreams.metadataForAllStreamsClients()}). A store that is migrating or
   * restoring is retried for {@link #STORE_RETRY}.
   *
   * @throws StoresUnavailableException when the stores stay unqueryable that long; the message names the state
   */
  public StoreWindows recentWindows(Instant from) {
    long deadline = System.nanoTime() + STORE_RETRY.toNanos();
    while (true) {
      try {
        return stores.read(from);
      } catch (InvalidStateStoreException e) {
        State state = streams.state();
        if (System.nanoTime() > deadline || state.isShuttingDown() || state.hasCompletedShutdown() || state == State.ERROR) {
          throw new StoresUnavailableException("telemetry stores of " + config.applicationId()
              + " not queryable (pipeline " + state + "): " + e.getMessage(), e);
        }
      }
      try {
        Thread.sleep(STORE_RETRY_PAUSE_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StoresUnavailableException("interrupted while waiting for the telemetry stores", e);
      }
    }
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    log.info("[app={}] closing telemetry pipeline", config.applicationId());
    if (!streams.close(LEAVE_GROUP_ON_CLOSE)) {
      log.warn("[app={}] telemetry pipeline did not close within {}", config.applicationId(), CLOSE_TIMEOUT);
    } else {
      log.info("[app={}] telemetry pipeline closed", config.applicationId());
    }
  }
}
