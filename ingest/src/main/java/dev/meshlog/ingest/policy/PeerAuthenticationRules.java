package dev.meshlog.ingest.policy;

import static dev.meshlog.ingest.policy.AvroValues.map;
import static dev.meshlog.ingest.policy.Problems.field;

import dev.meshlog.avro.PeerAuthenticationSpec;

/** Rules of a PeerAuthentication spec, Istio's: port-level modes need a workload selector. */
final class PeerAuthenticationRules {

  private PeerAuthenticationRules() {}

  static void check(PeerAuthenticationSpec spec, Problems problems) {
    LabelRules.check(spec.getSelector(), "spec.selector.matchLabels", problems);
    if (spec.getMtlsMode() == null) {
      problems.add("spec.mtls.mode", "is required");
    }
    if (!map(spec.getPortLevelMtls()).isEmpty() && map(spec.getSelector()).isEmpty()) {
      problems.add("spec.portLevelMtls", "needs spec.selector: Istio applies port-level mTLS only to selected workloads");
    }
    map(spec.getPortLevelMtls()).forEach((port, mode) -> {
      String path = field("spec.portLevelMtls", port);
      if (!port.matches("\\d{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
        problems.add(path, "'" + port + "' is not a port number between 1 and 65535");
      } else if (mode == null) {
        problems.add(field(path, "mode"), "is required");
      }
    });
  }
}
