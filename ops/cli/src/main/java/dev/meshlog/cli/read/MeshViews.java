package dev.meshlog.cli.read;

import dev.meshlog.schemas.KafkaClientSettings;
import dev.meshlog.avro.Operation;
import dev.meshlog.avro.PolicyCommand;
import dev.meshlog.avro.PolicyEvent;
import dev.meshlog.ingest.analysis.MeshView;
import dev.meshlog.ingest.analysis.SourcedResource;
import dev.meshlog.ingest.analysis.WorkloadLabels;
import dev.meshlog.schemas.Topics;
import java.util.List;

/**
 * The analyzer's picture of the running mesh, read from the log: the policies in force (from
 * mesh.policy.events), the service hosts and the workloads with their labels (from mesh.cluster.events).
 */
public final class MeshViews {

  private MeshViews() {}

  public static MeshView read(String bootstrap, Topics topics) {
    return read(bootstrap, KafkaClientSettings.NONE, topics);
  }

  /** As above, logged in with the cluster's connection and security settings. */
  public static MeshView read(String bootstrap, KafkaClientSettings client, Topics topics) {
    return of(CurrentPolicies.read(bootstrap, client, topics), ClusterInventory.read(bootstrap, client, topics));
  }

  public static MeshView of(CurrentPolicies policies, ClusterInventory cluster) {
    List<SourcedResource> resources = policies.all().stream()
        .map(event -> new SourcedResource(SourcedResource.MESH, asCommand(event)))
        .toList();
    List<WorkloadLabels> workloads = cluster.workloads().stream()
        .map(w -> new WorkloadLabels(w.namespace(), w.name(), w.labels()))
        .toList();
    return new MeshView(resources, cluster.serviceHosts(), workloads);
  }

  /** An accepted event as the upsert that would recreate it: the analyzer's common currency. */
  static PolicyCommand asCommand(PolicyEvent event) {
    return PolicyCommand.newBuilder()
        .setEnvelope(event.getEnvelope())
        .setOperation(Operation.UPSERT)
        .setApiVersion(event.getApiVersion())
        .setKind(event.getKind())
        .setNamespace(event.getNamespace())
        .setName(event.getName())
        .setSpec(event.getSpec())
        .setDocument(event.getDocument())
        .build();
  }
}
