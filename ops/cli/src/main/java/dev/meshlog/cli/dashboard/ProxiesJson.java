package dev.meshlog.cli.dashboard;

import dev.meshlog.avro.ProxyStatus;
import dev.meshlog.cli.ProxyStatusView;
import dev.meshlog.cli.read.ClusterInventory.Workload;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The JSON of /api/proxies: every proxy {@code meshlog proxy-status} lists, with the same status rule
 * ({@link ProxyStatusView#rows}), its workload and service, and the versions sent, ACKed and NACKed.
 * Unknown values are JSON nulls, so the page tells "not yet" from an empty string.
 */
final class ProxiesJson {

  private ProxiesJson() {}

  static Map<String, Object> of(Map<String, ProxyStatus> statuses, List<Workload> workloads, Instant now) {
    Map<String, Workload> byProxy = new TreeMap<>();
    Map<String, String> namespaces = new TreeMap<>();
    workloads.forEach(w -> w.proxyId().ifPresent(id -> {
      byProxy.put(id, w);
      namespaces.put(id, w.namespace());
    }));
    List<Map<String, Object>> proxies = new ArrayList<>();
    for (ProxyStatusView.Row row : ProxyStatusView.rows(statuses, namespaces)) {
      Optional<Workload> workload = Optional.ofNullable(byProxy.get(row.proxy()));
      Optional<ProxyStatus> status = row.status();
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("id", row.proxy());
      p.put("namespace", workload.map(Workload::namespace).orElse(null));
      p.put("workload", workload.map(Workload::name).orElse(null));
      p.put("service", workload.map(Workload::service).orElse(null));
      p.put("status", row.state());
      p.put("sentVersion", status.map(ProxyStatus::getSentVersion).orElse(null));
      p.put("sentHash", status.map(ProxyStatus::getSentHash).orElse(null));
      p.put("sentTime", time(status.map(ProxyStatus::getSentTime)));
      p.put("ackedVersion", status.map(ProxyStatus::getAckedVersion).orElse(null));
      p.put("ackedTime", time(status.map(ProxyStatus::getAckedTime)));
      p.put("nackedVersion", status.map(ProxyStatus::getNackedVersion).orElse(null));
      p.put("nackError", status.map(ProxyStatus::getNackError).orElse(null));
      p.put("updated", time(status.map(ProxyStatus::getTime)));
      proxies.add(p);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("time", now.toString());
    out.put("proxies", proxies);
    return out;
  }

  private static String time(Optional<Instant> time) {
    return time.map(Instant::toString).orElse(null);
  }
}
