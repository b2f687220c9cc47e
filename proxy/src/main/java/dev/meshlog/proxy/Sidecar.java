package dev.meshlog.proxy;

import dev.meshlog.proxy.admin.AdminServer;
import dev.meshlog.proxy.admin.AdminView;
import dev.meshlog.proxy.authz.InboundAuthorizer;
import dev.meshlog.proxy.authz.RbacStats;
import dev.meshlog.proxy.backend.ConnectionPool;
import dev.meshlog.proxy.backend.Http2ConnectionPool;
import dev.meshlog.proxy.backend.Transport;
import dev.meshlog.proxy.identity.CertificateClient;
import dev.meshlog.proxy.identity.CertificateStatus;
import dev.meshlog.proxy.identity.WorkloadIdentityConfig;
import dev.meshlog.proxy.lifecycle.Termination;
import dev.meshlog.proxy.listener.DownstreamProtocols;
import dev.meshlog.proxy.listener.limits.DownstreamRejections;
import dev.meshlog.proxy.listener.limits.ListenerGuard;
import dev.meshlog.proxy.circuit.ClusterRegistry;
import dev.meshlog.proxy.listener.InFlight;
import dev.meshlog.proxy.overload.Overload;
import dev.meshlog.proxy.listener.InboundInitializer;
import dev.meshlog.proxy.listener.InboundServer;
import dev.meshlog.proxy.listener.OutboundInitializer;
import dev.meshlog.proxy.listener.OutboundServer;
import dev.meshlog.proxy.listener.UpstreamInitializer;
import dev.meshlog.proxy.listener.UpstreamStreamInitializer;
import dev.meshlog.proxy.listener.tls.ListenerCertificate;
import dev.meshlog.proxy.mtls.InboundMtls;
import dev.meshlog.proxy.mtls.MeshSecurity;
import dev.meshlog.proxy.mtls.UpstreamTls;
import dev.meshlog.proxy.mtls.WorkloadCredentials;
import dev.meshlog.proxy.registration.Workload;
import dev.meshlog.proxy.registration.WorkloadRegistrar;
import dev.meshlog.proxy.route.Cluster;
import dev.meshlog.proxy.route.Dispatch;
import dev.meshlog.proxy.route.Endpoint;
import dev.meshlog.proxy.snapshot.AckPublisher;
import dev.meshlog.proxy.snapshot.LiveConfig;
import dev.meshlog.proxy.snapshot.SnapshotApplier;
import dev.meshlog.proxy.snapshot.SnapshotConsumer;
import dev.meshlog.proxy.snapshot.SnapshotHistory;
import dev.meshlog.proxy.snapshot.SnapshotValidator;
import dev.meshlog.proxy.telemetry.AccessLog;
import dev.meshlog.proxy.tcp.TcpListeners;
import dev.meshlog.proxy.tcp.TcpStats;
import dev.meshlog.proxy.telemetry.OwnPrincipal;
import dev.meshlog.proxy.telemetry.PeerExchange;
import dev.meshlog.proxy.telemetry.ReportingWorkload;
import dev.meshlog.proxy.telemetry.RequestOutcome;
import dev.meshlog.proxy.telemetry.TelemetryCounters;
import dev.meshlog.proxy.telemetry.TelemetryEmitter;
import dev.meshlog.proxy.telemetry.TelemetrySink;
import dev.meshlog.schemas.deadletter.DeadLetterPublisher;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running sidecar: outbound listener (the app's proxy), optional inbound listener (in front of the
 * app), registration, snapshot consumer with ACK/NACK, and telemetry. Composition only; each part
 * lives in its package.
 */
public final class Sidecar implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Sidecar.class);
  private static final Duration REGISTRATION_TIMEOUT = Duration.ofSeconds(30);

  private final SidecarConfig config;
  private final SidecarTuning tuning;
  private final Deque<AutoCloseable> resources = new ArrayDeque<>();
  private final LiveConfig live = new LiveConfig();
  private final InFlight inFlight = new InFlight();
  /** The bound on active downstream requests over both listeners; beyond it, 503 OM. */
  private final Overload overload;
  private final DownstreamProtocols protocols = new DownstreamProtocols();
  /** Hostile or broken clients refused by the HTTP listeners, by listener and reason, shown on /stats. */
  private final DownstreamRejections rejections = new DownstreamRejections();
  private final SnapshotHistory history = new SnapshotHistory();
  /** Per-cluster retry budgets and counters: they outlive every route table a snapshot builds. */
  private final AtomicBoolean closed = new AtomicBoolean();
  private final TcpStats tcpStats = new TcpStats();
  /** Mesh identity (key, chain: installed by the CSR client) and trust (from snapshots), for mTLS both ways. */
  private final WorkloadCredentials credentials;
  /** The applied snapshot's mesh security: the inbound PeerAuthentication is read per new connection. */
  private volatile MeshSecurity meshSecurity = MeshSecurity.DEFAULT;
  /** The inbound AuthorizationPolicy counters (Envoy's rbac.*), shown on /stats. */
  private final RbacStats rbac = new RbacStats();
  private TcpListeners tcp;
  private Transport transport;
  private TelemetryEmitter telemetry;
  private PeerExchange peers = PeerExchange.OFF;
  private OutboundServer outbound;
  private Optional<InboundServer> inbound = Optional.empty();
  private Optional<AdminServer> admin = Optional.empty();
  private Optional<CertificateStatus> certificates = Optional.empty();
  private WorkloadRegistrar registrar;
  private SnapshotConsumer snapshots;
  private boolean registered;
  /** Start-up completed: only then may peers route here, so only then does close() drain. */
  private volatile boolean serving;

  private Sidecar(SidecarConfig config, SidecarTuning tuning) {
    this.config = config;
    this.tuning = tuning;
    this.overload = new Overload(tuning.overload());
    this.credentials = new WorkloadCredentials(config.proxyId());
  }

  public static Sidecar start(SidecarConfig config) {
    return start(config, SidecarTuning.defaults());
  }

  /** Binds the listeners, registers the workload, starts following snapshots, and returns. */
  public static Sidecar start(SidecarConfig config, SidecarTuning tuning) {
    Sidecar sidecar = new Sidecar(config, tuning);
    try {
      sidecar.startParts();
      return sidecar;
    } catch (RuntimeException e) {
      sidecar.close();
      throw e;
    }
  }

  private void startParts() {
    String id = config.proxyId();
    transport = Transport.create(tuning.eventLoopThreads(), "meshlog-" + id);
    // The workload's own principal under mTLS: its installed certificate's; before one, the one its CSR asks for.
    String principal = tuning.identity().map(identity -> identity.identity(config.namespace()).toString()).orElse(RequestOutcome.UNKNOWN);
    ReportingWorkload self = new ReportingWorkload(id, config.namespace(),
        config.labels().getOrDefault("app", config.service()), config.labels().get("version"), principal);
    telemetry = TelemetryEmitter.start(config.bootstrap(), config.kafkaClient(), config.topics().telemetryRequests(),
        config.topics().telemetryConnections(), self, new OwnPrincipal(credentials::leaf, principal),
        tuning.telemetryQueueCapacity());
    // Tells the other sidecar of each request who this workload is (x-meshlog-peer): its inbound records get our labels.
    peers = PeerExchange.of(self);
    resources.push(telemetry);
    TelemetrySink accessLog = TelemetrySink.NONE;
    if (tuning.accessLog().isPresent()) {
      AccessLog file = AccessLog.open(tuning.accessLog().get(), id);
      resources.push(file);
      accessLog = file;
    }
    // Circuit breakers and outlier state by cluster, kept across snapshot swaps; reviews run on the loops.
    ClusterRegistry clusters = new ClusterRegistry(transport.group(), System::currentTimeMillis);
    resources.push(clusters);
    ConnectionPool pool = new ConnectionPool(transport, new UpstreamInitializer(),
        (int) tuning.connectTimeout().toMillis(), tuning.maxIdlePerEndpoint(), UpstreamTls.of(credentials));
    Http2ConnectionPool h2 = new Http2ConnectionPool(transport, new UpstreamStreamInitializer(),
        (int) tuning.connectTimeout().toMillis(), UpstreamTls.of(credentials));

    outbound = OutboundServer.bind(transport, config.bindAddress(), config.outboundPort(),
        new OutboundInitializer(pool, h2, inFlight, live, tuning.random(), telemetry.andThen(accessLog), protocols)
            .exchangingPeerMetadata(peers).shedding(overload)
            .guardedBy(new ListenerGuard("outbound", tuning.downstream(), rejections)));
    if (config.hasInbound()) {
      int port = config.inboundPort() == SidecarConfig.ANY_PORT ? 0 : config.inboundPort();
      inbound = Optional.of(InboundServer.bind(transport, config.bindAddress(), port,
          new InboundInitializer(pool, h2, inFlight, appRoute(),
              config.inboundTls().map(ListenerCertificate::serverTls), protocols, telemetry.andThen(accessLog),
              // PeerAuthentication's port-level modes are keyed by the workload (app) port, as in Istio.
              Optional.of(new InboundMtls(() -> meshSecurity.inbound().modeFor(config.appPort()), credentials)),
              new InboundAuthorizer(id, config.appPort(), () -> live.current().authorization(), rbac))
              .exchangingPeerMetadata(peers).shedding(overload)
              .guardedBy(new ListenerGuard("inbound", tuning.downstream(), rejections))));
    }
    // Bound per tcp route as snapshots arrive; each connection is reported opened and closed.
    tcp = new TcpListeners(id, tuning.eventLoopThreads(), config.tcpBindAddress(), tuning.tcp(), tuning.connectTimeout(),
        tuning.random(), tcpStats, telemetry);
    resources.push(tcp);
    certificates = tuning.identity().map(identity -> new CertificateStatus(identity.identity(config.namespace())));
    // One writer for the records of ours this proxy cannot decode (snapshots, certificates); it counts into the
    // history the admin page serves as meshlog_deadletter_records_total{job="proxy"}.
    DeadLetterPublisher deadLetters = new DeadLetterPublisher(config.bootstrap(), config.kafkaClient().over(Map.of()), config.topics().deadLetter(),
        history.deadLetters());
    resources.push(deadLetters);
    if (config.hasAdmin()) {
      admin = Optional.of(AdminServer.bind(tuning.adminBindAddress(), config.adminPort(), new AdminView(id, live, history, inFlight::count,
          telemetry::counters, pool::openConnections, protocols::http1Connections, protocols::http2Connections, tcpStats,
          credentials.stats(), certificates, rbac, peers, rejections, overload)));
    }
    if (tuning.identity().isPresent()) {
      // Asked before registering: the certificate is on its way while the first snapshot is.
      resources.push(CertificateClient.start(config.bootstrap(), config.kafkaClient(), config.topics(), id, config.namespace(),
          tuning.identity().get(), credentials::install, certificates.orElseThrow(), deadLetters));
    }

    if (tuning.selfRegistration()) {
      registrar = WorkloadRegistrar.create(config.bootstrap(), config.kafkaClient(), config.topics().clusterEvents(), new Workload(
          id, config.namespace(), config.service(), config.labels(), registeredAddress(), inboundPort(),
          tuning.identity().map(WorkloadIdentityConfig::serviceAccount).orElse(Workload.DEFAULT_SERVICE_ACCOUNT)));
      resources.push(registrar);
      registrar.register(REGISTRATION_TIMEOUT);
      registered = true;
    } else {
      // An injected pod's sidecar: ingest publishes the pod from the API server, the one source of truth.
      log.info("[proxy={}] not registering itself: the cluster's registry publishes this workload", id);
    }

    AckPublisher acks = AckPublisher.create(config.bootstrap(), config.kafkaClient(), config.topics().proxyAcks(), id);
    resources.push(acks);
    snapshots = new SnapshotConsumer(config.bootstrap(), config.kafkaClient(), config.topics().proxySnapshots(), id,
        new SnapshotApplier(id, live, new SnapshotValidator(), clusters,
            (snapshot, routes) -> {
              tcp.apply(snapshot.tcpRoutes(), routes);
              // Last, as it cannot fail: the snapshot goes live right after.
              credentials.applyTrust(snapshot.security().trust());
              meshSecurity = snapshot.security();
            }),
        acks, history, deadLetters);
    resources.push(snapshots);
    snapshots.start();
    serving = true;
    log.info("[proxy={}] started: outbound {}:{}, inbound {}, admin {}, transport {}", id, config.bindAddress(),
        outboundPort(),
        inbound.isPresent() ? config.bindAddress() + ":" + inboundPort() + " -> app 127.0.0.1:" + config.appPort() : "none",
        admin.map(AdminServer::address).orElse("none"), transport.epoll() ? "epoll" : "nio");
  }

  /** The workload certificate's state and CA counters; empty when the sidecar asks for none. */
  public Optional<CertificateStatus> certificates() {
    return certificates;
  }

  /** Every inbound request goes to the local app; a synthetic cluster names it in that dispatch. */
  private Dispatch.Forward appRoute() {
    Endpoint app = Endpoint.resolve("127.0.0.1", config.appPort(), config.proxyId(), config.labels());
    String host = config.service() + "." + config.namespace() + ".svc.cluster.local";
    Cluster local = new Cluster("inbound|" + config.appPort() + "||" + host, host, Optional.empty(), config.appPort(), List.of(app));
    return new Dispatch.Forward(app, local, local.name());
  }

  /** Peers must reach the inbound listener: a wildcard bind is registered as loopback, as in the contract. */
  private String registeredAddress() {
    String bind = config.bindAddress();
    return bind.equals("0.0.0.0") || bind.equals("::") || bind.equals("[::]") ? "127.0.0.1" : bind;
  }

  public String proxyId() {
    return config.proxyId();
  }

  /**
   * The sidecar's mesh identity: the CSR client installs (and rotates) the key and chain with
   * {@link WorkloadCredentials#install}; snapshots set the trust bundle. mTLS both ways uses it.
   */
  public WorkloadCredentials credentials() {
    return credentials;
  }

  public int outboundPort() {
    return outbound.port();
  }

  /** The bound inbound port, 0 when there is no inbound listener. */
  public int inboundPort() {
    return inbound.map(InboundServer::port).orElse(0);
  }

  /** The bound admin port on 127.0.0.1, 0 when the admin endpoint is disabled. */
  public int adminPort() {
    return admin.map(AdminServer::port).orElse(0);
  }

  /** The ports the TCP listeners accept on now, one per tcp route port, on {@link #tcpBindAddress()}. */
  public Set<Integer> tcpPorts() {
    return tcp == null ? Set.of() : tcp.ports();
  }

  public String tcpBindAddress() {
    return config.tcpBindAddress();
  }

  /** Version of the applied snapshot, -1 before the first. */
  public long appliedVersion() {
    return live.current().version();
  }

  /** Hash of the applied snapshot, "" before the first. */
  public String appliedHash() {
    return live.current().hash();
  }

  /** Telemetry records dropped (queue full, or refused by the producer), requests and connections. */
  public long telemetryDropped() {
    return telemetry == null ? 0 : telemetry.dropped();
  }

  /** The telemetry streams' counters, as /stats shows them. */
  public List<TelemetryCounters> telemetryCounters() {
    return telemetry == null ? List.of() : telemetry.counters();
  }

  /** The x-meshlog-peer exchange's counts: peer values used and ignored (malformed or oversized). */
  public PeerExchange peerExchange() {
    return peers;
  }

  /** Requests being relayed right now, on both listeners. */
  public int requestsInFlight() {
    return inFlight.count();
  }

  /**
   * Shuts down the way a terminating pod's sidecar does ({@link Termination}): deregisters, keeps serving for
   * the termination drain while peers' snapshots drop this endpoint, stops following snapshots and accepting
   * connections, lets requests in flight finish (up to the drain timeout), then closes connections, loops and
   * producers. Only a sidecar with an inbound listener drains: no peer routes to one without. Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    String id = config.proxyId();
    Duration drain = serving && inbound.isPresent() ? tuning.terminationDrain() : Duration.ZERO;
    Termination.sleeping(id, drain, tuning.drainTimeout()).run(new Termination.Steps() {
      @Override
      public void deregister() {
        if (registered) {
          registrar.deregister(REGISTRATION_TIMEOUT);
        }
      }

      @Override
      public void stopFollowingSnapshots() {
        if (snapshots != null) {
          resources.remove(snapshots);
          snapshots.close();
        }
      }

      @Override
      public void closeListeners() {
        inbound.ifPresent(InboundServer::close);
        if (tcp != null) {
          tcp.close();
        }
        if (outbound != null) {
          outbound.close();
        }
      }

      @Override
      public boolean awaitIdle(Duration timeout) {
        return inFlight.awaitIdle(timeout);
      }

      @Override
      public void release() {
        admin.ifPresent(AdminServer::close);
        if (transport != null) {
          transport.shutdown(Duration.ofSeconds(5));
        }
        while (!resources.isEmpty()) {
          try {
            resources.pop().close();
          } catch (Exception e) {
            log.warn("[proxy={}] error while closing: {}", id, e.toString());
          }
        }
      }
    });
    log.info("[proxy={}] stopped", id);
  }
}
