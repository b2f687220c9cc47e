package dev.meshlog.engine.wire;

import dev.meshlog.avro.ClusterChange;
import dev.meshlog.avro.ClusterEvent;
import dev.meshlog.avro.DestinationRuleSpec;
import dev.meshlog.avro.HttpRouteSpec;
import dev.meshlog.avro.Operation;
import dev.meshlog.avro.PolicyEvent;
import dev.meshlog.avro.ServicePort;
import dev.meshlog.avro.ServiceResource;
import dev.meshlog.avro.VirtualServiceSpec;
import dev.meshlog.avro.WeightedDestination;
import dev.meshlog.avro.WorkloadResource;
import dev.meshlog.engine.snapshot.DestinationRule;
import dev.meshlog.engine.snapshot.MeshChange;
import dev.meshlog.engine.snapshot.Service;
import dev.meshlog.engine.snapshot.VirtualService;
import dev.meshlog.engine.snapshot.Workload;
import dev.meshlog.schemas.Subjects;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Avro events to {@link MeshChange}s: the only place the snapshot builder reads generated classes.
 * Nulls in the wire types become {@code Optional}s here, and the key of every change is recomputed
 * from the resource with {@link Subjects} (the record-key contract), not trusted from the record.
 */
public final class MeshChanges {

  public static final String WORKLOAD = "Workload";
  public static final String SERVICE = "Service";

  private MeshChanges() {}

  /** An accepted policy change; empty for a spec this builder does not use (nothing to fold). */
  public static Optional<MeshChange> of(PolicyEvent event) {
    String key = Subjects.of(event.getKind(), event.getNamespace(), event.getName());
    if (event.getOperation() == Operation.DELETE) {
      return Optional.of(new MeshChange.Remove(key));
    }
    Object spec = event.getSpec();
    if (spec instanceof VirtualServiceSpec vs) {
      return Optional.of(new MeshChange.Put(key, new VirtualService(key, vs.getHosts(),
          vs.getHttp().stream().map(MeshChanges::route).toList())));
    }
    if (spec instanceof DestinationRuleSpec dr) {
      return Optional.of(new MeshChange.Put(key, new DestinationRule(key, dr.getHost(),
          dr.getSubsets().stream().map(s -> new DestinationRule.Subset(s.getName(), sorted(s.getLabels()))).toList())));
    }
    return Optional.empty();
  }

  /** A cluster change; a removal carries the last state, which names the key. */
  public static MeshChange of(ClusterEvent event) {
    Object resource = event.getResource();
    if (resource instanceof WorkloadResource w) {
      String key = Subjects.of(WORKLOAD, w.getNamespace(), w.getName());
      return event.getChange() == ClusterChange.REMOVED ? new MeshChange.Remove(key) : new MeshChange.Put(key, workload(w));
    }
    ServiceResource s = (ServiceResource) resource;
    String key = Subjects.of(SERVICE, s.getNamespace(), s.getName());
    return event.getChange() == ClusterChange.REMOVED
        ? new MeshChange.Remove(key)
        : new MeshChange.Put(key, new Service(s.getName(), s.getNamespace(), s.getPorts().stream().map(ServicePort::getPort).toList()));
  }

  private static Workload workload(WorkloadResource w) {
    return new Workload(w.getName(), w.getNamespace(), w.getService(), sorted(w.getLabels()),
        Optional.ofNullable(w.getProxyId()), w.getAddress(), w.getPort(), w.getServicePort());
  }

  private static VirtualService.HttpRoute route(HttpRouteSpec route) {
    return new VirtualService.HttpRoute(Optional.ofNullable(route.getName()),
        route.getRoute().stream().map(MeshChanges::destination).toList());
  }

  private static VirtualService.Destination destination(WeightedDestination d) {
    return new VirtualService.Destination(d.getHost(), Optional.ofNullable(d.getSubset()), Optional.ofNullable(d.getPort()), d.getWeight());
  }

  private static TreeMap<String, String> sorted(Map<String, String> labels) {
    return labels == null ? new TreeMap<>() : new TreeMap<>(labels);
  }
}
