package dev.meshlog.cli;

import dev.meshlog.proxy.Sidecar;
import dev.meshlog.proxy.SidecarConfig;
import dev.meshlog.proxy.SidecarTuning;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code meshlog proxy}: runs one sidecar for a workload until interrupted. */
@Command(name = "proxy", description = "Run a sidecar proxy for one workload: registers it, applies its snapshots, routes its traffic.")
final class ProxyCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin MeshConnection mesh;

  @Option(names = "--id", required = true, description = "Proxy id (also the workload name).")
  String id;

  @Option(names = "--service", required = true, description = "Short name of the service this workload serves.")
  String service;

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

  @Option(names = "--access-log", paramLabel = "FILE",
      description = "Write an Envoy-style access log line per request to FILE ('-' for standard output).")
  String accessLog;

  @Override
  public Integer call() throws Exception {
    int inboundPort = 0;
    int appPort = 0;
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
        inboundPort, appPort, outbound, mesh.reachableBootstrap(), mesh.topics());
    Sidecar sidecar = Sidecar.start(config, tuning(accessLog));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      sidecar.close();
      stopped.countDown();
    }, "proxy-shutdown"));
    PrintWriter out = spec.commandLine().getOut();
    out.printf("proxy %s ready: outbound 127.0.0.1:%d%s, bootstrap %s%n", id, sidecar.outboundPort(),
        inbound == null ? "" : ", inbound 127.0.0.1:" + sidecar.inboundPort() + " -> app 127.0.0.1:" + appPort,
        mesh.bootstrap());
    out.printf("proxy %s admin: http://127.0.0.1:%d (/ready /config_dump /stats /clusters)%n", id, sidecar.adminPort());
    out.flush();
    stopped.await();
    return 0;
  }

  /** The sidecar's defaults, with an access log when {@code --access-log} names one. */
  static SidecarTuning tuning(String accessLog) {
    return accessLog == null ? SidecarTuning.defaults() : SidecarTuning.defaults().withAccessLog(accessLog);
  }
}
