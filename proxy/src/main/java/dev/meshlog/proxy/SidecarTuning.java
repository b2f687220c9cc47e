package dev.meshlog.proxy;

import dev.meshlog.proxy.identity.WorkloadIdentityConfig;
import dev.meshlog.proxy.listener.limits.DownstreamLimits;
import dev.meshlog.proxy.overload.OverloadSettings;
import dev.meshlog.proxy.tcp.TcpTuning;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Knobs with sensible defaults, kept out of {@link SidecarConfig} (which says what a sidecar is).
 *
 * @param eventLoopThreads threads of the one event loop group (listeners and upstream connections)
 * @param telemetryQueueCapacity requests reported but not yet handed to Kafka; beyond, dropped and counted
 * @param random the weighted cluster pick's source, asked once per request on an event loop
 * @param drainTimeout how long close() lets requests in flight finish
 * @param connectTimeout upstream connect timeout (503 UF after it)
 * @param maxIdlePerEndpoint idle keep-alive upstream connections kept per endpoint and event loop
 * @param tcp TCP proxying: idle timeout (Istio's one hour) and connect attempts
 * @param accessLog where to write an Envoy-style access log ({@code -} for standard output); empty for none
 * @param identity how to get a workload certificate from the mesh CA; empty: the sidecar asks for none
 * @param selfRegistration whether the sidecar publishes its own workload REGISTERED/REMOVED events; an
 *     injected Kubernetes sidecar does not, since ingest publishes the pod from the API server
 * @param adminBindAddress where the admin endpoint binds: loopback by default; a pod's sidecar binds all
 *     addresses so the kubelet's readiness probe (to the pod IP) reaches {@code /ready}
 * @param downstream what the HTTP listeners accept from clients (docs/proxy-limits.md)
 * @param overload how many downstream requests the sidecar accepts at once before it sheds (503 OM)
 * @param terminationDrain how long close() keeps the listeners serving after deregistering, so peers'
 *     snapshots drop this endpoint before it stops accepting (Istio's {@code terminationDrainDuration}, 5 s);
 *     zero closes the listeners right after deregistering
 */
public record SidecarTuning(
    int eventLoopThreads,
    int telemetryQueueCapacity,
    Supplier<RandomGenerator> random,
    Duration drainTimeout,
    Duration connectTimeout,
    int maxIdlePerEndpoint,
    TcpTuning tcp,
    Optional<String> accessLog,
    Optional<WorkloadIdentityConfig> identity,
    boolean selfRegistration,
    String adminBindAddress,
    DownstreamLimits downstream,
    OverloadSettings overload,
    Duration terminationDrain) {

  /** Istio's default {@code terminationDrainDuration}: what {@code meshlog proxy} drains unless told otherwise. */
  public static final Duration DEFAULT_TERMINATION_DRAIN = Duration.ofSeconds(5);

  /**
   * A tuning with the default downstream limits and load-shedding bound, and no termination drain: an embedded
   * sidecar (a test, {@code up}'s demo) closes at once; {@code meshlog proxy} drains {@link #DEFAULT_TERMINATION_DRAIN}.
   */
  public SidecarTuning(int eventLoopThreads, int telemetryQueueCapacity, Supplier<RandomGenerator> random,
      Duration drainTimeout, Duration connectTimeout, int maxIdlePerEndpoint, TcpTuning tcp, Optional<String> accessLog,
      Optional<WorkloadIdentityConfig> identity, boolean selfRegistration, String adminBindAddress) {
    this(eventLoopThreads, telemetryQueueCapacity, random, drainTimeout, connectTimeout, maxIdlePerEndpoint, tcp, accessLog,
        identity, selfRegistration, adminBindAddress, DownstreamLimits.DEFAULTS, OverloadSettings.DEFAULTS,
        Duration.ZERO);
  }

  /** A self-registering tuning with a loopback admin endpoint. */
  public SidecarTuning(int eventLoopThreads, int telemetryQueueCapacity, Supplier<RandomGenerator> random,
      Duration drainTimeout, Duration connectTimeout, int maxIdlePerEndpoint, TcpTuning tcp, Optional<String> accessLog,
      Optional<WorkloadIdentityConfig> identity) {
    this(eventLoopThreads, telemetryQueueCapacity, random, drainTimeout, connectTimeout, maxIdlePerEndpoint, tcp, accessLog,
        identity, true, LOOPBACK);
  }

  /** A tuning without a workload certificate. */
  public SidecarTuning(int eventLoopThreads, int telemetryQueueCapacity, Supplier<RandomGenerator> random,
      Duration drainTimeout, Duration connectTimeout, int maxIdlePerEndpoint, TcpTuning tcp, Optional<String> accessLog) {
    this(eventLoopThreads, telemetryQueueCapacity, random, drainTimeout, connectTimeout, maxIdlePerEndpoint, tcp, accessLog,
        Optional.empty());
  }

  public SidecarTuning {
    if (eventLoopThreads < 1) {
      throw new IllegalArgumentException("eventLoopThreads must be >= 1, got " + eventLoopThreads);
    }
    if (telemetryQueueCapacity < 1) {
      throw new IllegalArgumentException("telemetryQueueCapacity must be >= 1, got " + telemetryQueueCapacity);
    }
    if (maxIdlePerEndpoint < 0) {
      throw new IllegalArgumentException("maxIdlePerEndpoint must be >= 0, got " + maxIdlePerEndpoint);
    }
    Objects.requireNonNull(random, "random");
    Objects.requireNonNull(drainTimeout, "drainTimeout");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(tcp, "tcp");
    Objects.requireNonNull(accessLog, "accessLog");
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(downstream, "downstream");
    Objects.requireNonNull(overload, "overload");
    Objects.requireNonNull(terminationDrain, "terminationDrain");
    if (terminationDrain.isNegative()) {
      throw new IllegalArgumentException("terminationDrain must not be negative, got " + terminationDrain);
    }
    if (adminBindAddress == null || adminBindAddress.isBlank()) {
      throw new IllegalArgumentException("adminBindAddress must not be blank");
    }
  }

  /** The admin endpoint's default address. */
  public static final String LOOPBACK = "127.0.0.1";

  public static SidecarTuning defaults() {
    return new SidecarTuning(1, 10_000, ThreadLocalRandom::current, Duration.ofSeconds(5), Duration.ofSeconds(5), 64,
        TcpTuning.DEFAULTS, Optional.empty());
  }

  public SidecarTuning withEventLoopThreads(int threads) {
    return new SidecarTuning(threads, telemetryQueueCapacity, random, drainTimeout, connectTimeout, maxIdlePerEndpoint, tcp,
        accessLog, identity, selfRegistration, adminBindAddress, downstream, overload, terminationDrain);
  }

  public SidecarTuning withTelemetryQueueCapacity(int capacity) {
    return new SidecarTuning(eventLoopThreads, capacity, random, drainTimeout, connectTimeout, maxIdlePerEndpoint, tcp,
        accessLog, identity, selfRegistration, adminBindAddress, downstream, overload, terminationDrain);
  }

  public SidecarTuning withRandom(Supplier<RandomGenerator> source) {
    return new SidecarTuning(eventLoopThreads, telemetryQueueCapacity, source, drainTimeout, connectTimeout, maxIdlePerEndpoint,
        tcp, accessLog, identity, selfRegistration, adminBindAddress, downstream, overload, terminationDrain);
  }

  public SidecarTuning withConnectTimeout(Duration timeout) {
    return new SidecarTuning(eventLoopThreads, telemetryQueueCapacity, random, drainTimeout, timeout, maxIdlePerEndpoint, tcp,
        accessLog, identity, selfRegistration, adminBindAddress, downstream, overload, terminationDrain);
  }

  public SidecarTuning withTcp(TcpTuning settings) {
    return new SidecarTuning(eventLoopThreads, telemetryQueueCapacity, random, drainTimeout, connectTimeout, maxIdlePerEndpoint,
        settings, accessLog, identity, selfRegistration, adminBindAddress, downstream, overload, terminationDrain);
  }

  /** This tuning with an access log written to {@code file} ({@code -} for standard output). */
  public SidecarTuning withAccessLog(String file) {
    return new SidecarTuning(eventLoopThreads, telemetryQueueCapacity, random, drainTimeout, connectTimeout,
        maxIdlePerEndpoint, tcp, Optional.of(file), identity, selfRegistration, adminBindAddress, downstream, overload, terminationDrain);
  }

  /** This tuning with a workload certificate from the mesh CA, renewed for as long as the sidecar runs. */
  public SidecarTuning withIdentity(WorkloadIdentityConfig settings) {
    return new SidecarTuning(eventLoopThreads, telemetryQueueCapacity, random, drainTimeout, connectTimeout,
        maxIdlePerEndpoint, tcp, accessLog, Optional.of(settings), selfRegistration, adminBindAddress, downstream, overload, terminationDrain);
  }

  /**
   * This tuning for a sidecar injected into a Kubernetes pod: no self-registration (the API server is
   * the source of truth and ingest publishes the pod) and the admin endpoint on {@code adminAddress}.
   */
  public SidecarTuning forPod(String adminAddress) {
    return new SidecarTuning(eventLoopThreads, telemetryQueueCapacity, random, drainTimeout, connectTimeout,
        maxIdlePerEndpoint, tcp, accessLog, identity, false, adminAddress, downstream, overload, terminationDrain);
  }

  /** This tuning with {@code limits} on both HTTP listeners (connections, request size, timeouts, HTTP/2 floods). */
  public SidecarTuning withDownstreamLimits(DownstreamLimits limits) {
    return new SidecarTuning(eventLoopThreads, telemetryQueueCapacity, random, drainTimeout, connectTimeout,
        maxIdlePerEndpoint, tcp, accessLog, identity, selfRegistration, adminBindAddress, limits, overload, terminationDrain);
  }

  /** This tuning with its load-shedding bound ({@code meshlog proxy --max-active-requests}). */
  public SidecarTuning withOverload(OverloadSettings settings) {
    return new SidecarTuning(eventLoopThreads, telemetryQueueCapacity, random, drainTimeout, connectTimeout,
        maxIdlePerEndpoint, tcp, accessLog, identity, selfRegistration, adminBindAddress, downstream, settings, terminationDrain);
  }

  /** This tuning with another termination drain (how long listeners keep serving after deregistration). */
  public SidecarTuning withTerminationDrain(Duration drain) {
    return new SidecarTuning(eventLoopThreads, telemetryQueueCapacity, random, drainTimeout, connectTimeout,
        maxIdlePerEndpoint, tcp, accessLog, identity, selfRegistration, adminBindAddress, downstream, overload, drain);
  }
}
