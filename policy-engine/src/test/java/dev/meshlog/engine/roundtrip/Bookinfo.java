package dev.meshlog.engine.roundtrip;

import dev.meshlog.avro.ClusterChange;
import dev.meshlog.avro.ClusterEvent;
import dev.meshlog.avro.Envelope;
import dev.meshlog.avro.ServicePort;
import dev.meshlog.avro.ServiceResource;
import dev.meshlog.avro.Source;
import dev.meshlog.avro.WorkloadResource;
import dev.meshlog.schemas.Subjects;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Istio's Bookinfo in namespace {@code bookinfo}, plus a {@code tester} in namespace {@code qa}: the
 * services the registry knows and one sidecar per workload, registered as the contract says (proxy id
 * = workload name, labels app and version, address 127.0.0.1, service port 80, its own inbound port).
 */
final class Bookinfo {

  static final String NS = "bookinfo";
  static final String QA = "qa";

  static final String PRODUCTPAGE = "productpage.bookinfo.svc.cluster.local";
  static final String REVIEWS = "reviews.bookinfo.svc.cluster.local";
  static final String RATINGS = "ratings.bookinfo.svc.cluster.local";
  static final String DETAILS = "details.bookinfo.svc.cluster.local";
  static final String MONGODB = "mongodb.bookinfo.svc.cluster.local";
  static final String TESTER = "tester.qa.svc.cluster.local";

  /** Proxy ids (each is also its workload's name). */
  static final String PRODUCTPAGE_V1 = "productpage-v1";
  static final String REVIEWS_V1 = "reviews-v1";
  static final String REVIEWS_V2 = "reviews-v2";
  static final String REVIEWS_V3 = "reviews-v3";
  static final String RATINGS_V1 = "ratings-v1";
  static final String DETAILS_V1 = "details-v1";
  static final String TESTER_PROXY = "tester";

  private static final Instant T0 = Instant.parse("2026-11-26T00:00:00Z");

  private Bookinfo() {}

  /** Every service and workload of the mesh, services first (as a registry would list them). */
  static List<ClusterEvent> mesh() {
    List<ClusterEvent> events = new ArrayList<>();
    for (String service : List.of("productpage", "reviews", "ratings", "details")) {
      events.add(service(NS, service, "http", 80, "HTTP"));
    }
    events.add(service(NS, "mongodb", "mongo", 27017, "TCP"));
    events.add(service(QA, "tester", "http", 80, "HTTP"));
    events.add(workload(NS, PRODUCTPAGE_V1, "productpage", "v1", 9080));
    events.add(workload(NS, REVIEWS_V1, "reviews", "v1", 9081));
    events.add(workload(NS, REVIEWS_V2, "reviews", "v2", 9082));
    events.add(workload(NS, REVIEWS_V3, "reviews", "v3", 9083));
    events.add(workload(NS, RATINGS_V1, "ratings", "v1", 9084));
    events.add(workload(NS, DETAILS_V1, "details", "v1", 9085));
    events.add(workload(NS, "mongodb-v1", "mongodb", "v1", 27017));
    events.add(workload(QA, TESTER_PROXY, "tester", "v1", 9090));
    return events;
  }

  /** {@code outbound|port|subset|host}, as Envoy names clusters. */
  static String cluster(int port, String subset, String host) {
    return "outbound|" + port + "|" + subset + "|" + host;
  }

  /** The cluster of a host's default port (80) without a subset. */
  static String cluster(String host) {
    return cluster(80, "", host);
  }

  private static ClusterEvent service(String namespace, String name, String portName, int port, String protocol) {
    ServiceResource resource = ServiceResource.newBuilder().setName(name).setNamespace(namespace)
        .setPorts(List.of(new ServicePort(portName, port, protocol))).setLabels(Map.of("app", name)).build();
    return event("ServiceRegistered", Subjects.of("Service", namespace, name), "registry", Source.KUBERNETES, resource);
  }

  private static ClusterEvent workload(String namespace, String name, String service, String version, int port) {
    WorkloadResource resource = WorkloadResource.newBuilder()
        .setName(name).setNamespace(namespace).setService(service).setServiceAccount(namespace + "-" + service)
        .setLabels(Map.of("app", service, "version", version)).setProxyId(name)
        .setAddress("127.0.0.1").setPort(port).setServicePort(80)
        .build();
    return event("WorkloadRegistered", Subjects.of("Workload", namespace, name), "proxy/" + name, Source.PROXY, resource);
  }

  private static ClusterEvent event(String type, String subject, String actor, Source source, Object resource) {
    Envelope envelope = Envelope.newBuilder()
        .setId(type + "/" + subject).setType(type).setSubject(subject).setActor(actor).setReason("bookinfo")
        .setSource(source).setTime(T0)
        .build();
    return ClusterEvent.newBuilder().setEnvelope(envelope).setChange(ClusterChange.REGISTERED).setResource(resource).build();
  }
}
