package dev.meshlog.cli.faults.controlplane;

import dev.meshlog.avro.PolicyCommand;
import dev.meshlog.avro.ProxySnapshot;
import dev.meshlog.avro.VirtualServiceSpec;
import dev.meshlog.avro.WeightedDestination;
import dev.meshlog.cli.read.LatestValues;
import dev.meshlog.schemas.Topics;
import java.util.List;

/**
 * The known final state of a burst: the client's snapshot routes {@code reviews} with the split of the last
 * VirtualService command for it, so agreeing with the reference means agreeing on the newest policy, not on an old one.
 */
public final class FinalState {

  private FinalState() {}

  public static boolean clientRoutesReviews(String bootstrap, Topics topics, List<PolicyCommand> sent) {
    VirtualServiceSpec last = null;
    for (PolicyCommand command : sent) {
      if (command.getKind().equals("VirtualService") && command.getName().equals("reviews")) {
        last = (VirtualServiceSpec) command.getSpec();
      }
    }
    List<WeightedDestination> split = last.getHttp().get(0).getRoute();
    ProxySnapshot client = PatientRead.of(() -> LatestValues.find(bootstrap, topics.proxySnapshots(), DataPlane.CLIENT).orElseThrow());
    String text = client.toString().replace(" ", "");
    return split.stream().allMatch(d -> text.contains("\"cluster\":\"outbound|80|" + d.getSubset() + "|" + d.getHost()
        + "\",\"weight\":" + d.getWeight()));
  }
}
