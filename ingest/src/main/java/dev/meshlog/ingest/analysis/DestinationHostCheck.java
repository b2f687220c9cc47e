package dev.meshlog.ingest.analysis;

import dev.meshlog.avro.VirtualServiceSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * IST0101 as a warning: a candidate VirtualService routes to a host that is neither a registered
 * service nor a ServiceEntry host. Istio calls this an error; Meshlog warns, because services
 * register when their first sidecar starts and the route may simply be ahead of it.
 */
final class DestinationHostCheck implements Check {

  @Override
  public List<Finding> run(AnalysisContext context) {
    List<Finding> findings = new ArrayList<>();
    for (Resource<VirtualServiceSpec> vs : context.candidates(VirtualServiceSpec.class)) {
      for (RouteDestinations.Ref ref : RouteDestinations.of(vs.spec())) {
        if (!context.isKnownHost(ref.host())) {
          findings.add(vs.finding(Message.REFERENCED_HOST_NOT_FOUND, ref.hostPath(),
              "Referenced host not found: \"" + ref.host() + "\": no registered service or ServiceEntry has it"
                  + " (a warning in Meshlog: the service may register later; until then requests fail)"));
        }
      }
    }
    return findings;
  }
}
