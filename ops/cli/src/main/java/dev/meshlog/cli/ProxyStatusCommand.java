package dev.meshlog.cli;

import dev.meshlog.avro.ProxyStatus;
import dev.meshlog.cli.read.ClusterInventory;
import dev.meshlog.cli.read.LatestValues;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code meshlog proxy-status [PROXY]}: which proxies run the newest snapshot sent to them (istioctl proxy-status). */
@Command(name = "proxy-status", mixinStandardHelpOptions = true, description = "Show whether each proxy runs the newest snapshot sent to it (SYNCED, STALE, NACKED, NOT SENT).")
final class ProxyStatusCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin MeshConnection mesh;

  @Parameters(arity = "0..1", paramLabel = "PROXY", description = "One proxy id: show its detail, with the NACK error if any.")
  String proxy;

  Clock clock = Clock.systemUTC();

  @Override
  public Integer call() {
    String bootstrap = mesh.reachableBootstrap();
    ClusterInventory cluster = ClusterInventory.read(bootstrap, mesh.kafkaClient(), mesh.topics());
    PrintWriter out = spec.commandLine().getOut();
    if (proxy != null) {
      Optional<ProxyStatus> status = LatestValues.find(bootstrap, mesh.kafkaClient(), mesh.topics().proxyStatus(), proxy);
      Optional<ClusterInventory.Workload> workload = cluster.workloadOfProxy(proxy);
      if (status.isEmpty() && workload.isEmpty()) {
        throw new IllegalArgumentException("unknown proxy '" + proxy + "': no status and no registered workload (see meshlog proxy-status)");
      }
      out.print(ProxyStatusView.detail(proxy, status, workload, clock.instant()));
    } else {
      Map<String, ProxyStatus> statuses = LatestValues.read(bootstrap, mesh.kafkaClient(), mesh.topics().proxyStatus());
      Map<String, String> namespaces = new TreeMap<>();
      cluster.workloads().forEach(w -> w.proxyId().ifPresent(id -> namespaces.put(id, w.namespace())));
      if (statuses.isEmpty() && namespaces.isEmpty()) {
        spec.commandLine().getErr().println("No proxies found.");
        spec.commandLine().getErr().flush();
        return 0;
      }
      out.print(ProxyStatusView.table(statuses, namespaces, clock.instant()));
    }
    out.flush();
    return 0;
  }
}
