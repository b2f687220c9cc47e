package dev.meshlog.engine.wire;

import dev.meshlog.avro.ClusterChange;
import dev.meshlog.avro.ClusterEvent;
import dev.meshlog.avro.MeshTrustBundle;
import dev.meshlog.avro.Operation;
import dev.meshlog.avro.PolicyEvent;
import dev.meshlog.avro.ServicePort;
import dev.meshlog.avro.ServiceResource;
import dev.meshlog.avro.WorkloadResource;
import dev.meshlog.engine.ca.SpiffeId;
import dev.meshlog.engine.ca.TrustBundle;
import dev.meshlog.engine.snapshot.MeshChange;
import dev.meshlog.engine.snapshot.MeshResource;
import dev.meshlog.engine.snapshot.Service;
import dev.meshlog.engine.snapshot.TrustRoots;
import dev.meshlog.engine.snapshot.Workload;
import dev.meshlog.engine.snapshot.WorkloadIdentity;
import dev.meshlog.schemas.Subjects;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Avro events to {@link MeshChange}s: the only place the snapshot builder reads generated classes
 * (with {@link PolicySpecs} for the six policy kinds). Nulls in the wire types become
 * {@code Optional}s here, and the key of every change is recomputed from the resource with
 * {@link Subjects} (the record-key contract), not trusted from the record.
 */
public final class MeshChanges {

  public static final String WORKLOAD = "Workload";
  public static final String SERVICE = "Service";

  private MeshChanges() {}

  /** An accepted policy change; empty for an upsert without a spec (nothing to fold). */
  public static Optional<MeshChange> of(PolicyEvent event) {
    String key = Subjects.of(event.getKind(), event.getNamespace(), event.getName());
    if (event.getOperation() == Operation.DELETE) {
      return Optional.of(new MeshChange.Remove(key));
    }
    Optional<MeshResource> resource = PolicySpecs.resource(key, event.getNamespace(), event.getSequence(), event.getSpec());
    return resource.map(r -> new MeshChange.Put(key, r));
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

  /**
   * A trust domain's roots. Each entry must be one PEM CA certificate, distinct, and there must be at least one
   * (a tombstone, not an empty bundle, removes the roots): a bundle every proxy would NACK is refused here, with
   * the reason, rather than published to the whole mesh. The PEM text is kept as published, so replays agree.
   */
  public static MeshChange of(MeshTrustBundle bundle) {
    List<X509Certificate> roots = new ArrayList<>();
    for (String pem : bundle.getRootsPem()) {
      roots.add(certificate(pem));
    }
    new TrustBundle(roots); // non-empty, distinct, CA certificates
    String trustDomain = WorkloadIdentity.requireTrustDomain(bundle.getTrustDomain());
    return new MeshChange.Put(TrustRoots.key(trustDomain), new TrustRoots(trustDomain, List.copyOf(bundle.getRootsPem())));
  }

  private static X509Certificate certificate(String pem) {
    try {
      Collection<? extends Certificate> parsed = CertificateFactory.getInstance("X.509")
          .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
      if (parsed.size() != 1) {
        throw new IllegalArgumentException("a trust bundle root must be exactly one PEM certificate, got " + parsed.size());
      }
      return (X509Certificate) parsed.iterator().next();
    } catch (CertificateException e) {
      throw new IllegalArgumentException("a trust bundle root is not a PEM certificate: " + e.getMessage(), e);
    }
  }

  private static Workload workload(WorkloadResource w) {
    String serviceAccount = w.getServiceAccount();
    // refused here, where the processor logs and skips it, not later where it would hold back every caller's snapshot
    new SpiffeId(WorkloadIdentity.DEFAULT_TRUST_DOMAIN, w.getNamespace(), serviceAccount);
    return new Workload(w.getName(), w.getNamespace(), w.getService(), serviceAccount, sorted(w.getLabels()),
        Optional.ofNullable(w.getProxyId()), w.getAddress(), w.getPort(), w.getServicePort());
  }

  static TreeMap<String, String> sorted(Map<String, String> labels) {
    return labels == null ? new TreeMap<>() : new TreeMap<>(labels);
  }
}
