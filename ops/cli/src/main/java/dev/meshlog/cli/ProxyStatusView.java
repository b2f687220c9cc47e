package dev.meshlog.cli;

import dev.meshlog.avro.ProxyStatus;
import dev.meshlog.avro.ProxySyncState;
import dev.meshlog.cli.read.ClusterInventory.Workload;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/** How {@code meshlog proxy-status} prints the sync state: a table of every proxy, or one proxy in detail. */
public final class ProxyStatusView {

  private ProxyStatusView() {}

  /** One proxy as proxy-status lists it: its status, if the engine reported one, and its namespace ("-" if unknown). */
  public record Row(String proxy, String namespace, Optional<ProxyStatus> status) {

    /** The state as istioctl prints it; a registered proxy without a status is NOT SENT. */
    public String state() {
      return status.map(s -> ProxyStatusView.state(s.getState())).orElse(ProxyStatusView.state(ProxySyncState.NOT_SENT));
    }
  }

  /**
   * The proxies proxy-status lists, sorted by id: those with a status, and registered sidecars the
   * engine has not reported on yet. {@code namespaces}: proxy id to its workload's namespace. Shared
   * with the dashboard's /api/proxies so both apply the same rule.
   */
  public static List<Row> rows(Map<String, ProxyStatus> statuses, Map<String, String> namespaces) {
    SortedSet<String> proxies = new TreeSet<>(statuses.keySet());
    proxies.addAll(namespaces.keySet());
    List<Row> rows = new ArrayList<>();
    for (String proxy : proxies) {
      rows.add(new Row(proxy, namespaces.getOrDefault(proxy, "-"), Optional.ofNullable(statuses.get(proxy))));
    }
    return rows;
  }

  /**
   * One row per proxy: those with a status, and registered sidecars the engine has not reported on
   * yet (NOT SENT). {@code namespaces}: proxy id to its workload's namespace.
   */
  static String table(Map<String, ProxyStatus> statuses, Map<String, String> namespaces, Instant now) {
    TextTable table = new TextTable("NAME", "NAMESPACE", "STATE", "SENT VERSION", "ACKED VERSION", "AGE");
    for (Row row : rows(statuses, namespaces)) {
      Optional<ProxyStatus> status = row.status();
      table.row(row.proxy(), row.namespace(), row.state(),
          status.map(s -> version(s.getSentVersion())).orElse("-"),
          status.map(s -> version(s.getAckedVersion())).orElse("-"),
          status.map(s -> Ages.since(s.getTime(), now)).orElse("-"));
    }
    return table.render();
  }

  /** Everything known about one proxy, including why it refused its newest snapshot. */
  static String detail(String proxy, Optional<ProxyStatus> found, Optional<Workload> workload, Instant now) {
    StringBuilder text = new StringBuilder();
    line(text, "Proxy", proxy);
    workload.ifPresent(w -> {
      line(text, "Namespace", w.namespace());
      line(text, "Workload", w.name() + " (service " + w.service() + ", labels " + new TreeMap<>(w.labels()) + ")");
    });
    if (found.isEmpty()) {
      line(text, "State", state(ProxySyncState.NOT_SENT) + " (no snapshot sent yet)");
      return text.toString();
    }
    ProxyStatus status = found.get();
    line(text, "State", state(status.getState()));
    line(text, "Sent version", sent(status.getSentVersion(), status.getSentHash(), status.getSentTime(), now));
    line(text, "Acked version", sent(status.getAckedVersion(), status.getAckedHash(), status.getAckedTime(), now));
    if (status.getNackedVersion() != null) {
      line(text, "NACKed version", String.valueOf(status.getNackedVersion()));
      line(text, "NACK error", status.getNackError() == null ? "-" : status.getNackError());
    }
    line(text, "Updated", status.getTime() + " (" + Ages.since(status.getTime(), now) + " ago)");
    return text.toString();
  }

  /** The state as istioctl prints it: NOT SENT with a space. */
  public static String state(ProxySyncState state) {
    return state == null ? "-" : state.name().replace('_', ' ');
  }

  private static String sent(Long version, String hash, Instant time, Instant now) {
    if (version == null) {
      return "-";
    }
    String detail = hash == null || hash.isEmpty() ? "" : "hash " + hash.substring(0, Math.min(12, hash.length()));
    if (time != null) {
      detail += (detail.isEmpty() ? "" : ", ") + time + ", " + Ages.since(time, now) + " ago";
    }
    return version + (detail.isEmpty() ? "" : " (" + detail + ")");
  }

  private static String version(Long version) {
    return version == null ? "-" : String.valueOf(version);
  }

  private static void line(StringBuilder text, String label, String value) {
    text.append(String.format("%-16s%s%n", label + ":", value));
  }
}
