package dev.meshlog.cli;

import dev.meshlog.cli.inject.PodIdentity;
import dev.meshlog.cli.inject.PodPorts;
import dev.meshlog.proxy.Sidecar;
import dev.meshlog.proxy.SidecarConfig;
import dev.meshlog.proxy.SidecarTuning;
import dev.meshlog.proxy.identity.WorkloadIdentityConfig;
import dev.meshlog.proxy.listener.limits.DownstreamLimits;
import dev.meshlog.proxy.overload.OverloadSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code meshlog proxy}: runs one sidecar for a workload until interrupted. */
@Command(name = "proxy", description = {"Run a sidecar proxy for one workload: registers it, applies its snapshots, routes its traffic.",
    "With --pod (in a pod `meshlog inject` or the webhook prepared) its identity comes from the pod and it does not register."})
final class ProxyCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin MeshConnection mesh;

  @Option(names = "--id", description = "Proxy id (also the workload name). Required without --pod.")
  String id;

  @Option(names = "--service", description = "Short name of the service this workload serves. Required without --pod.")
  String service;

  @Option(names = "--pod", description = {"Pod mode, for an injected sidecar: id <POD_NAME>.<POD_NAMESPACE>, service and labels",
      "from the pod (downward API env and --podinfo-dir), listeners 15001/15006/15000 on all addresses; no self-registration",
      "(ingest publishes the pod from the API server)."})
  boolean pod;

  @Option(names = "--podinfo-dir", paramLabel = "DIR", defaultValue = "/etc/meshlog/podinfo", hidden = true,
      description = "The downward API volume with the pod's labels and annotations (default: ${DEFAULT-VALUE}).")
  Path podinfoDir;

  @Option(names = "--namespace", defaultValue = "default", description = "Namespace (default: ${DEFAULT-VALUE}).")
  String namespace;

  @Option(names = "--inbound", paramLabel = "PORT:APP_PORT",
      description = "Accept mesh traffic on PORT and forward it to the local app on APP_PORT. Without it the proxy is client-only.")
  String inbound;

  @Option(names = "--outbound", paramLabel = "PORT", defaultValue = "0",
      description = "Port for the app's outbound requests (HTTP proxy style or by Host header); 0 picks one.")
  int outbound;

  @Option(names = "--label", paramLabel = "KEY=VALUE", description = "Workload label, e.g. --label version=v1 (repeatable).")
  Map<String, String> labels = new LinkedHashMap<>();

  @Option(names = "--token-file", paramLabel = "FILE",
      description = "Bootstrap token from `meshlog token`: the sidecar gets a workload certificate (mTLS) with it, then renews on its own.")
  Path tokenFile;

  @Option(names = "--k8s-token-file", paramLabel = "FILE",
      description = "Instead of --token-file: the pod's projected service-account token (audience meshlog), sent as a "
          + "KUBERNETES_TOKEN credential that the engine checks with TokenReview (`meshlog engine --kubernetes-token-review`).")
  Path k8sTokenFile;

  @Option(names = "--service-account", defaultValue = WorkloadIdentityConfig.DEFAULT_SERVICE_ACCOUNT,
      description = "Service account of the workload, its identity under mTLS (default: ${DEFAULT-VALUE}).")
  String serviceAccount;

  @Option(names = "--trust-domain", defaultValue = WorkloadIdentityConfig.DEFAULT_TRUST_DOMAIN,
      description = "Trust domain of the workload identity (default: ${DEFAULT-VALUE}).")
  String trustDomain;

  @Option(names = "--access-log", paramLabel = "FILE",
      description = "Write an Envoy-style access log line per request to FILE ('-' for standard output).")
  String accessLog;

  @Option(names = "--max-connections", paramLabel = "N", defaultValue = "1024",
      description = "Downstream connections each HTTP listener keeps open; more are closed at accept (default: ${DEFAULT-VALUE}).")
  int maxConnections;

  @Option(names = "--request-headers-timeout", paramLabel = "DURATION", defaultValue = "10s",
      description = "A request's headers must arrive within this, from its first byte; else 408 (default: ${DEFAULT-VALUE}).")
  String requestHeadersTimeout;

  @Option(names = "--idle-timeout", paramLabel = "DURATION", defaultValue = "5m",
      description = "A client connection with no request in flight is closed after this (default: ${DEFAULT-VALUE}).")
  String idleTimeout;

  @Option(names = "--max-active-requests", paramLabel = "N", defaultValue = "" + OverloadSettings.DEFAULT_MAX_ACTIVE_REQUESTS,
      description = {"Load shedding: downstream requests the sidecar serves at once; beyond, it answers 503 with",
          "x-meshlog-overloaded: true (flag OM) without routing them (default: ${DEFAULT-VALUE}; docs/overload.md)."})
  int maxActiveRequests;

  /** The load-shedding bound of {@code --max-active-requests}. */
  OverloadSettings overload() {
    if (maxActiveRequests < 1) {
      throw new ParameterException(spec.commandLine(), "--max-active-requests: must be at least 1, got " + maxActiveRequests);
    }
    return new OverloadSettings(maxActiveRequests);
  }

  @Option(names = "--termination-drain", paramLabel = "DURATION", defaultValue = "5s",
      description = {"On SIGTERM, how long the sidecar keeps serving after deregistering, so peers stop routing to it",
          "before its listeners close (Istio's terminationDrainDuration; default: ${DEFAULT-VALUE}; 0s for none)."})
  String terminationDrain;

  @Override
  public Integer call() throws Exception {
    Duration drain = terminationDrain();   // a bad option fails before anything connects
    if (pod) {
      return runInPod(drain);
    }
    if (id == null || service == null) {
      throw new ParameterException(spec.commandLine(), "--id and --service are required (or --pod in an injected pod)");
    }
    int inboundPort = 0;
    int appPort = 0;
    Optional<WorkloadIdentityConfig> identity = identity();   // a bad token file fails before anything starts
    OverloadSettings overload = overload();
    DownstreamLimits limits = limits();
    if (inbound != null) {
      String[] parts = inbound.split(":");
      try {
        if (parts.length != 2) {
          throw new NumberFormatException();
        }
        int requested = Integer.parseInt(parts[0]);
        inboundPort = requested == 0 ? SidecarConfig.ANY_PORT : requested;   // 0 on the command line: any free port
        appPort = Integer.parseInt(parts[1]);
      } catch (NumberFormatException e) {
        throw new ParameterException(spec.commandLine(), "--inbound: expected PORT:APP_PORT, got '" + inbound + "'");
      }
    }
    Map<String, String> workloadLabels = new LinkedHashMap<>();
    workloadLabels.put("app", service);
    workloadLabels.putAll(labels);
    SidecarConfig config = new SidecarConfig(id, service, namespace, workloadLabels, "127.0.0.1",
        inboundPort, appPort, outbound, mesh.awaitReachableBootstrap(MeshConnection.JOB_PATIENCE), mesh.topics())
        .withKafkaClient(mesh.kafkaClient());
    Sidecar sidecar = Sidecar.start(config, tuning(accessLog, identity).withDownstreamLimits(limits).withOverload(overload)
        .withTerminationDrain(drain));
    PrintWriter out = spec.commandLine().getOut();
    out.printf("proxy %s ready: outbound 127.0.0.1:%d%s, bootstrap %s%n", id, sidecar.outboundPort(),
        inbound == null ? "" : ", inbound 127.0.0.1:" + sidecar.inboundPort() + " -> app 127.0.0.1:" + appPort,
        mesh.bootstrap());
    out.printf("proxy %s admin: http://127.0.0.1:%d (/ready /config_dump /stats /clusters /certs)%n", id, sidecar.adminPort());
    out.flush();
    awaitShutdown(sidecar);
    return 0;
  }

  /** {@code --pod}: the identity from the pod, the mesh's fixed ports, and no registration. */
  private int runInPod(Duration drain) throws InterruptedException {
    PodIdentity pod;
    try {
      pod = PodIdentity.from(System.getenv(), podinfoDir);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--pod: " + e.getMessage());
    }
    serviceAccount = pod.serviceAccount();
    Optional<WorkloadIdentityConfig> identity = identity();
    OverloadSettings overload = overload();
    DownstreamLimits limits = limits();
    SidecarConfig config = pod.sidecarConfig(PodPorts.MESH, mesh.awaitReachableBootstrap(MeshConnection.JOB_PATIENCE), mesh.topics())
        .withKafkaClient(mesh.kafkaClient());
    // The admin endpoint on all addresses: the kubelet's readiness probe calls the pod IP.
    Sidecar sidecar = Sidecar.start(config,
        tuning(accessLog, identity).withDownstreamLimits(limits).withOverload(overload).withTerminationDrain(drain)
        .forPod(PodPorts.MESH.bindAddress()));
    PrintWriter out = spec.commandLine().getOut();
    out.printf("proxy %s ready (pod mode, service %s, not self-registered): outbound :%d, inbound %s, admin :%d, bootstrap %s%n",
        pod.proxyId(), pod.service(), sidecar.outboundPort(),
        config.hasInbound() ? ":" + sidecar.inboundPort() + " -> app 127.0.0.1:" + config.appPort() : "none (no app port)",
        sidecar.adminPort(), mesh.bootstrap());
    out.flush();
    awaitShutdown(sidecar);
    return 0;
  }

  Duration terminationDrain() {
    try {
      return Durations.parse("--termination-drain", terminationDrain == null ? SidecarTuning.DEFAULT_TERMINATION_DRAIN.toSeconds() + "s" : terminationDrain);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  private void awaitShutdown(Sidecar sidecar) throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      sidecar.close();
      stopped.countDown();
    }, "proxy-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      stopped.await();
    } catch (InterruptedException e) {
      // run in-process (tests, an embedding tool): an interrupt stops this proxy, not only the JVM's exit
      Runtime.getRuntime().removeShutdownHook(hook);
      sidecar.close();
      throw e;
    }
  }

  /** The HTTP listeners' limits: docs/proxy-limits.md, with the three most likely to need tuning from options. */
  DownstreamLimits limits() {
    try {
      return DownstreamLimits.DEFAULTS.withMaxConnections(maxConnections)
          .withRequestHeadersTimeout(Durations.parse("--request-headers-timeout", requestHeadersTimeout))
          .withIdleTimeout(Durations.parse("--idle-timeout", idleTimeout));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage().startsWith("--") ? e.getMessage()
          : "--max-connections/--request-headers-timeout/--idle-timeout: " + e.getMessage());
    }
  }

  /** The sidecar's defaults, with an access log when {@code --access-log} names one, and a workload identity when given. */
  static SidecarTuning tuning(String accessLog, Optional<WorkloadIdentityConfig> identity) {
    SidecarTuning tuning = accessLog == null ? SidecarTuning.defaults() : SidecarTuning.defaults().withAccessLog(accessLog);
    return identity.map(tuning::withIdentity).orElse(tuning);
  }

  /** The identity to ask certificates for: only with a bootstrap or service-account token (without one the sidecar runs in plain text). */
  Optional<WorkloadIdentityConfig> identity() {
    if (tokenFile != null && k8sTokenFile != null) {
      throw new ParameterException(spec.commandLine(), "--token-file and --k8s-token-file: give one credential, not both");
    }
    Path file = k8sTokenFile != null ? k8sTokenFile : tokenFile;
    if (file == null) {
      return Optional.empty();
    }
    String option = k8sTokenFile != null ? "--k8s-token-file " : "--token-file ";
    String token;
    try {
      token = Files.readString(file, StandardCharsets.US_ASCII).trim();
    } catch (IOException e) {
      throw new ParameterException(spec.commandLine(), option + file + ": cannot read: " + e.getMessage());
    }
    if (token.isEmpty()) {
      throw new ParameterException(spec.commandLine(), option + file + ": the file is empty"
          + (k8sTokenFile != null ? "" : " (make one with `meshlog token`)"));
    }
    try {
      WorkloadIdentityConfig identity = WorkloadIdentityConfig.withToken(token).withTrustDomain(trustDomain)
          .withServiceAccount(serviceAccount);
      return Optional.of(k8sTokenFile != null ? identity.withKubernetesToken() : identity);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }
}
