package dev.meshlog.cli.ingest;

import dev.meshlog.avro.ClusterEvent;
import dev.meshlog.avro.ProxySnapshot;
import dev.meshlog.cli.read.LatestValues;
import dev.meshlog.cli.read.TopicScan;
import dev.meshlog.schemas.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** What the ingest ITs read back: the cluster events in log order, and the endpoints a proxy's snapshot lists. */
record ClusterEventLog(String bootstrap, Topics topics) {

  List<ClusterEvent> events() {
    List<ClusterEvent> events = new ArrayList<>();
    TopicScan.readAll(bootstrap, topics.clusterEvents(), (key, event) -> events.add(event));
    return events;
  }

  /** "CHANGE subject actor source" of the events from position {@code from} on, sorted: the exact set of a step. */
  List<String> since(int from) {
    List<ClusterEvent> all = events();
    List<String> lines = new ArrayList<>();
    for (ClusterEvent e : all.subList(Math.min(from, all.size()), all.size())) {
      lines.add(e.getChange() + " " + e.getEnvelope().getSubject() + " " + e.getEnvelope().getActor() + " " + e.getEnvelope().getSource());
    }
    lines.sort(null); // sorted, not a set: a duplicate event must show
    return lines;
  }

  /** "address:port workload" of every endpoint of every cluster of {@code host} in the proxy's current snapshot. */
  Set<String> endpoints(String proxyId, String host) {
    Set<String> endpoints = new TreeSet<>();
    ProxySnapshot snapshot = LatestValues.find(bootstrap, topics.proxySnapshots(), proxyId).orElse(null);
    if (snapshot == null) {
      return Set.of("<no snapshot>");
    }
    snapshot.getClusters().stream().filter(c -> host.equals(c.getHost()))
        .forEach(c -> c.getEndpoints().forEach(e -> endpoints.add(e.getAddress() + ":" + e.getPort() + " " + e.getWorkload())));
    return endpoints;
  }
}
