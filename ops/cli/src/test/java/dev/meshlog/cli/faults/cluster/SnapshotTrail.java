package dev.meshlog.cli.faults.cluster;

import dev.meshlog.avro.ClusterConfig;
import dev.meshlog.avro.ProxySnapshot;
import dev.meshlog.cli.read.TopicScan;
import dev.meshlog.schemas.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One proxy's snapshot history as published (before compaction removes it), one line per snapshot: version, hash
 * prefix and each cluster's endpoint count. A failed request with flag UH means a cluster had no endpoint: this shows
 * whether the control plane ever published such a snapshot.
 */
final class SnapshotTrail {

  private SnapshotTrail() {}

  static List<String> of(String bootstrap, Topics topics, String proxyId) {
    List<String> lines = new ArrayList<>();
    TopicScan.readKey(bootstrap, topics.proxySnapshots(), proxyId, (key, snapshot) -> lines.add(line(snapshot)));
    return lines;
  }

  private static String line(ProxySnapshot s) {
    return "v" + s.getVersion() + " " + s.getHash().substring(0, Math.min(8, s.getHash().length())) + " "
        + s.getClusters().stream().map(SnapshotTrail::endpoints).collect(Collectors.joining(" "));
  }

  private static String endpoints(ClusterConfig c) {
    return c.getName() + "=" + c.getEndpoints().size();
  }
}
