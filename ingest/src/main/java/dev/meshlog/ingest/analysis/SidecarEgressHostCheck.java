package dev.meshlog.ingest.analysis;

import dev.meshlog.avro.ServiceEntrySpec;
import dev.meshlog.avro.SidecarEgress;
import dev.meshlog.avro.SidecarSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * MSH0007: a Sidecar egress host ({@code namespace/dnsName}) that matches no registered service and
 * no ServiceEntry host, so it admits nothing. Only specific names and {@code *.suffix} wildcards are
 * checked: {@code ns/*} legitimately names a namespace that may be empty for now, and {@code ~}
 * deliberately admits nothing.
 */
final class SidecarEgressHostCheck implements Check {

  /** A host some workload could reach, with the namespace a Sidecar egress entry names it by. */
  private record KnownHost(Optional<String> namespace, String host) {}

  @Override
  public List<Finding> run(AnalysisContext context) {
    List<KnownHost> known = knownHosts(context);
    List<Finding> findings = new ArrayList<>();
    for (Resource<SidecarSpec> sidecar : context.candidates(SidecarSpec.class)) {
      List<SidecarEgress> egress = sidecar.spec().getEgress();
      for (int i = 0; i < egress.size(); i++) {
        List<String> hosts = egress.get(i).getHosts();
        for (int j = 0; j < hosts.size(); j++) {
          String entry = hosts.get(j);
          int slash = entry.indexOf('/');
          if (slash < 0) {
            continue;
          }
          String namespace = entry.substring(0, slash);
          String dnsName = entry.substring(slash + 1);
          if (namespace.equals("~") || dnsName.equals("*")) {
            continue;
          }
          String resolved = namespace.equals(".") ? sidecar.namespace() : namespace;
          if (known.stream().noneMatch(k -> admits(resolved, dnsName, k))) {
            findings.add(sidecar.finding(Message.SIDECAR_EGRESS_HOST_NOT_FOUND,
                "spec.egress[" + i + "].hosts[" + j + "]",
                "Egress host " + entry + " matches no registered service and no ServiceEntry host, so it admits nothing"));
          }
        }
      }
    }
    return findings;
  }

  private static boolean admits(String namespace, String dnsName, KnownHost known) {
    boolean namespaceMatches = namespace.equals("*") || known.namespace().map(namespace::equals).orElse(false);
    return namespaceMatches && HostPatterns.overlap(dnsName, known.host());
  }

  private static List<KnownHost> knownHosts(AnalysisContext context) {
    List<KnownHost> known = new ArrayList<>();
    for (String service : context.serviceHosts()) {
      known.add(new KnownHost(HostPatterns.serviceNamespace(service), service));
    }
    // ServiceEntry hosts are exported from the namespace the entry lives in
    for (Resource<ServiceEntrySpec> entry : context.all(ServiceEntrySpec.class)) {
      for (String host : entry.spec().getHosts()) {
        known.add(new KnownHost(Optional.of(entry.namespace()), host));
      }
    }
    return known;
  }
}
