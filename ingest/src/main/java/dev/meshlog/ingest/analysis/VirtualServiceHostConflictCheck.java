package dev.meshlog.ingest.analysis;

import dev.meshlog.avro.VirtualServiceSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * IST0109: two VirtualServices bound to the mesh gateway claim the same host. Sidecars merge mesh
 * VirtualServices per host in no defined order, so which rules apply is undefined.
 */
final class VirtualServiceHostConflictCheck implements Check {

  private static final String MESH_GATEWAY = "mesh";

  @Override
  public List<Finding> run(AnalysisContext context) {
    List<Resource<VirtualServiceSpec>> mesh = new ArrayList<>();
    for (Resource<VirtualServiceSpec> vs : context.all(VirtualServiceSpec.class)) {
      if (boundToMesh(vs.spec())) {
        mesh.add(vs);
      }
    }
    List<Finding> findings = new ArrayList<>();
    for (Resource<VirtualServiceSpec> vs : mesh) {
      if (!vs.candidate()) {
        continue;
      }
      List<String> hosts = vs.spec().getHosts();
      for (int i = 0; i < hosts.size(); i++) {
        String host = hosts.get(i);
        List<String> others = new ArrayList<>();
        for (Resource<VirtualServiceSpec> other : mesh) {
          if (!other.subject().equals(vs.subject()) && other.spec().getHosts().contains(host)) {
            others.add(other.subject());
          }
        }
        if (!others.isEmpty()) {
          findings.add(vs.finding(Message.CONFLICTING_MESH_GATEWAY_VIRTUAL_SERVICE_HOSTS, "spec.hosts[" + i + "]",
              "The VirtualServices " + vs.subject() + ", " + String.join(", ", others)
                  + " associated with mesh gateway define the same host " + host
                  + ", which can lead to undefined behavior; merge them into a single resource"));
        }
      }
    }
    return findings;
  }

  private static boolean boundToMesh(VirtualServiceSpec spec) {
    return spec.getGateways().isEmpty() || spec.getGateways().contains(MESH_GATEWAY);
  }
}
