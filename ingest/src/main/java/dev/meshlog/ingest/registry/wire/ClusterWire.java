package dev.meshlog.ingest.registry.wire;

import dev.meshlog.avro.ClusterChange;
import dev.meshlog.avro.ClusterEvent;
import dev.meshlog.avro.Envelope;
import dev.meshlog.avro.ServicePort;
import dev.meshlog.avro.Source;
import dev.meshlog.avro.ServiceResource;
import dev.meshlog.avro.WorkloadResource;
import dev.meshlog.ingest.registry.ClusterChangeSet;
import dev.meshlog.ingest.registry.ClusterResource;
import dev.meshlog.ingest.registry.ServiceRecord;
import dev.meshlog.ingest.registry.WorkloadRecord;
import java.time.Clock;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/** Cluster records to and from the Avro ClusterEvent: the only place ingest's reconciliation reads generated classes. */
public final class ClusterWire {

  private ClusterWire() {}

  /** The resource an event carries; its strings and maps normalised so records compare by value. */
  public static ClusterResource resource(ClusterEvent event) {
    Object resource = event.getResource();
    if (resource instanceof WorkloadResource w) {
      return WorkloadRecord.of(str(w.getName()), str(w.getNamespace()), str(w.getService()), str(w.getServiceAccount()),
          strings(w.getLabels()), Optional.ofNullable(w.getProxyId()).map(ClusterWire::str), str(w.getAddress()),
          w.getPort(), w.getServicePort());
    }
    ServiceResource s = (ServiceResource) resource;
    return ServiceRecord.of(str(s.getName()), str(s.getNamespace()),
        s.getPorts().stream().map(p -> new ServiceRecord.Port(str(p.getName()), p.getPort(), str(p.getProtocol()))).toList(),
        strings(s.getLabels()));
  }

  /** The event of one change, e.g. {@code WorkloadRegistered}, keyed by the resource's subject. */
  public static ClusterEvent event(ClusterChangeSet.Change change, Source source, Clock clock) {
    ClusterResource resource = change.resource();
    Envelope envelope = Envelope.newBuilder()
        .setId(UUID.randomUUID().toString())
        .setType(resource.kind() + pastTense(change.change()))
        .setSubject(resource.key())
        .setActor(change.attribution().actor())
        .setReason(change.attribution().reason())
        .setSource(source)
        .setTime(clock.instant())
        .build();
    return ClusterEvent.newBuilder().setEnvelope(envelope).setChange(change.change()).setResource(avro(resource)).build();
  }

  static Object avro(ClusterResource resource) {
    if (resource instanceof WorkloadRecord w) {
      return WorkloadResource.newBuilder()
          .setName(w.name())
          .setNamespace(w.namespace())
          .setService(w.service())
          .setServiceAccount(w.serviceAccount())
          .setLabels(new HashMap<>(w.labels()))
          .setProxyId(w.proxyId().orElse(null))
          .setAddress(w.address())
          .setPort(w.port())
          .setServicePort(w.servicePort())
          .build();
    }
    ServiceRecord s = (ServiceRecord) resource;
    return ServiceResource.newBuilder()
        .setName(s.name())
        .setNamespace(s.namespace())
        .setPorts(s.ports().stream().map(p -> ServicePort.newBuilder().setName(p.name()).setPort(p.port()).setProtocol(p.protocol()).build()).toList())
        .setLabels(new HashMap<>(s.labels()))
        .build();
  }

  private static String pastTense(ClusterChange change) {
    String word = change.name().toLowerCase(Locale.ROOT);
    return Character.toUpperCase(word.charAt(0)) + word.substring(1);
  }

  private static String str(CharSequence value) {
    return value == null ? null : value.toString();
  }

  private static Map<String, String> strings(Map<? extends CharSequence, ? extends CharSequence> map) {
    Map<String, String> copy = new TreeMap<>();
    if (map != null) {
      map.forEach((k, v) -> copy.put(k.toString(), v == null ? "" : v.toString()));
    }
    return copy;
  }
}
