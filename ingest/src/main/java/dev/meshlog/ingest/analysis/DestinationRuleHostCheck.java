package dev.meshlog.ingest.analysis;

import dev.meshlog.avro.DestinationRuleSpec;
import dev.meshlog.avro.ServiceEntrySpec;
import java.util.ArrayList;
import java.util.List;

/** IST0174: a candidate DestinationRule whose host matches no registered service and no ServiceEntry host. */
final class DestinationRuleHostCheck implements Check {

  @Override
  public List<Finding> run(AnalysisContext context) {
    List<Finding> findings = new ArrayList<>();
    for (Resource<DestinationRuleSpec> rule : context.candidates(DestinationRuleSpec.class)) {
      String host = rule.spec().getHost();
      if (!matchesAnything(context, host)) {
        findings.add(rule.finding(Message.UNKNOWN_DESTINATION_RULE_HOST, "spec.host",
            "The host " + host + " defined in the DestinationRule does not match any services in the mesh"));
      }
    }
    return findings;
  }

  private static boolean matchesAnything(AnalysisContext context, String host) {
    if (context.isKnownHost(host)) {
      return true;
    }
    // a wildcard rule (*.default.svc.cluster.local) is fine as long as it covers something
    for (String service : context.serviceHosts()) {
      if (HostPatterns.overlap(host, service)) {
        return true;
      }
    }
    for (Resource<ServiceEntrySpec> entry : context.all(ServiceEntrySpec.class)) {
      for (String pattern : entry.spec().getHosts()) {
        if (HostPatterns.overlap(host, pattern)) {
          return true;
        }
      }
    }
    return false;
  }
}
