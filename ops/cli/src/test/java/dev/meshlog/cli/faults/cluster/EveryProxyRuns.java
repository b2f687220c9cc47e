package dev.meshlog.cli.faults.cluster;

import dev.meshlog.avro.ProxySnapshot;
import dev.meshlog.avro.VirtualServiceSpec;
import dev.meshlog.avro.WeightedDestination;
import dev.meshlog.cli.faults.controlplane.DataPlane;
import dev.meshlog.cli.read.LatestValues;
import dev.meshlog.schemas.Topics;
import java.util.List;
import java.util.Map;

/**
 * Whether a VirtualService's split has reached every proxy: each one's latest snapshot routes the service with exactly
 * that split and the sidecar applied that snapshot (its hash), i.e. the change went all the way to the data plane.
 */
final class EveryProxyRuns {

  private EveryProxyRuns() {}

  static boolean split(String bootstrap, Topics topics, DataPlane plane, VirtualServiceSpec change) {
    List<WeightedDestination> split = change.getHttp().get(0).getRoute();
    Map<String, ProxySnapshot> snapshots = LatestValues.read(bootstrap, topics.proxySnapshots());
    Map<String, String> applied = plane.appliedHashes();
    for (Map.Entry<String, String> proxy : applied.entrySet()) {
      ProxySnapshot snapshot = snapshots.get(proxy.getKey());
      if (snapshot == null || !snapshot.getHash().equals(proxy.getValue())) {
        return false;
      }
      String text = snapshot.toString().replace(" ", "");
      boolean routes = split.stream().allMatch(d -> text.contains("\"cluster\":\"outbound|80|" + d.getSubset() + "|" + d.getHost()
          + "\",\"weight\":" + d.getWeight()));
      if (!routes) {
        return false;
      }
    }
    return true;
  }
}
