package dev.meshlog.ingest.policy;

import static dev.meshlog.ingest.policy.AvroValues.list;
import static dev.meshlog.ingest.policy.AvroValues.text;
import static dev.meshlog.ingest.policy.Problems.field;
import static dev.meshlog.ingest.policy.Problems.item;

import dev.meshlog.avro.SidecarEgress;
import dev.meshlog.avro.SidecarSpec;
import java.util.List;

/** Rules of a Sidecar spec: egress listeners whose hosts are in Istio's {@code namespace/dnsName} form. */
final class SidecarRules {

  private SidecarRules() {}

  static void check(SidecarSpec spec, Problems problems) {
    LabelRules.check(spec.getWorkloadSelector(), "spec.workloadSelector.labels", problems);
    List<SidecarEgress> egress = list(spec.getEgress());
    if (egress.isEmpty()) {
      problems.add("spec.egress", "at least one egress listener is required");
    }
    int catchAll = -1;
    for (int i = 0; i < egress.size(); i++) {
      SidecarEgress listener = egress.get(i);
      String path = item("spec.egress", i);
      if (listener == null) {
        problems.add(path, "is required");
        continue;
      }
      PolicyRules.checkPort(listener.getPort(), field(path, "port.number"), problems);
      if (listener.getPort() == null) {
        // Istio's rule: at most one egress listener without a port (the catch-all).
        if (catchAll >= 0) {
          problems.add(path, "only one egress listener may omit its port (also " + item("spec.egress", catchAll) + ")");
        }
        catchAll = i;
      }
      List<String> hosts = list(listener.getHosts());
      if (hosts.isEmpty()) {
        problems.add(field(path, "hosts"), "at least one host is required");
      }
      for (int j = 0; j < hosts.size(); j++) {
        checkEgressHost(text(hosts.get(j)), item(field(path, "hosts"), j), problems);
      }
    }
  }

  /** {@code namespace/dnsName}: namespace {@code *}, {@code .}, {@code ~} or a name; dnsName {@code *}, {@code *.suffix} or a name. */
  private static void checkEgressHost(String host, String path, Problems problems) {
    int slash = host.indexOf('/');
    if (slash < 0) {
      problems.add(path, "'" + host + "' is not in namespace/dnsName form (e.g. ./*, istio-system/*, */reviews.default.svc.cluster.local)");
      return;
    }
    String namespace = host.substring(0, slash);
    String name = host.substring(slash + 1);
    if (!(namespace.equals("*") || namespace.equals(".") || namespace.equals("~") || HostNames.isDnsLabel(namespace))) {
      problems.add(path, "'" + namespace + "' in '" + host + "' is not a namespace: write a namespace, '.' (this one), '*' or '~'");
      return;
    }
    String dnsName = name.startsWith("*.") ? name.substring(2) : name;
    if (!(name.equals("*") || HostNames.isDnsSubdomain(dnsName))) {
      problems.add(path, "'" + name + "' in '" + host + "' is not a host name: '*', '*.<suffix>' or a DNS name");
    }
  }
}
