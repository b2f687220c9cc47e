package dev.meshlog.engine.snapshot;

import dev.meshlog.avro.AuthorizationPolicySpec;
import dev.meshlog.avro.AuthzAction;
import dev.meshlog.avro.ClusterEvent;
import dev.meshlog.avro.DestinationRuleSpec;
import dev.meshlog.avro.HttpMatchRequest;
import dev.meshlog.avro.HttpRouteSpec;
import dev.meshlog.avro.LoadBalancerSpec;
import dev.meshlog.avro.MeshTrustBundle;
import dev.meshlog.avro.Operation;
import dev.meshlog.avro.PolicyCommand;
import dev.meshlog.avro.PolicyEvent;
import dev.meshlog.avro.ServiceEntryPort;
import dev.meshlog.avro.ServiceEntryResolution;
import dev.meshlog.avro.ServiceEntrySpec;
import dev.meshlog.avro.SimpleLb;
import dev.meshlog.avro.SubsetSpec;
import dev.meshlog.avro.TcpRouteSpec;
import dev.meshlog.avro.TrafficPolicySpec;
import dev.meshlog.avro.VirtualServiceSpec;
import dev.meshlog.avro.WeightedDestination;
import dev.meshlog.avro.WorkloadEntrySpec;
import dev.meshlog.avro.WorkloadResource;
import dev.meshlog.engine.MeshFixtures;
import dev.meshlog.engine.TestRoots;
import dev.meshlog.engine.sequencer.PolicyChain;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Generated mesh histories over a small universe, so that events collide: two namespaces, two
 * services, five workload names (sometimes claiming the same proxy id from two namespaces), two
 * VirtualServices and DestinationRules fighting over hosts, Sidecars in every namespace including the
 * root, a ServiceEntry that may shadow a service host, AuthorizationPolicies, workloads under two service
 * accounts, trust bundles of the mesh's trust domain and of another one (rotations and tombstones). Upserts and deletes.
 */
final class MeshHistories {

  static final List<String> HOSTS = List.of("reviews.default.svc.cluster.local", "ratings.default.svc.cluster.local",
      "reviews.qa.svc.cluster.local", "ratings.qa.svc.cluster.local", "ext.example.com");
  private static final List<String> EGRESS = List.of("./*", "*/*", "qa/*", "*/reviews.default.svc.cluster.local",
      "default/*.default.svc.cluster.local", "*/*.example.com", "istio-system/*");

  /** Minted once per run: key generation in every try would dominate the property tests. */
  private static final String ROOT_A = TestRoots.rootPem("history root A");
  private static final String ROOT_B = TestRoots.rootPem("history root B");

  private MeshHistories() {}

  /** The tombstone of a trust domain's bundle on mesh.ca.bundle. */
  record BundleRemoved(String trustDomain) {}

  /** One input: a cluster event or an accepted policy command (chained into a PolicyEvent by {@link #events}). */
  record Input(Object event) {
    @Override
    public String toString() {
      if (event instanceof MeshTrustBundle b) {
        return "BUNDLE " + b.getTrustDomain() + " " + b.getRootsPem().stream().map(r -> r.equals(ROOT_A) ? "A" : "B").toList();
      }
      if (event instanceof BundleRemoved removed) {
        return "BUNDLE REMOVED " + removed.trustDomain();
      }
      return event instanceof PolicyCommand c ? c.getOperation() + " " + c.getEnvelope().getSubject() + " " + c.getSpec()
          : ((ClusterEvent) event).getChange() + " " + ((ClusterEvent) event).getResource();
    }
  }

  static Arbitrary<List<Input>> histories() {
    return Arbitraries.oneOf(workloads(), workloads(), virtualServices(), destinationRules(), sidecars(), serviceEntries(),
        authorizationPolicies(), trustBundles()).list().ofMinSize(1).ofMaxSize(30);
  }

  /** The inputs as the builder reads them: cluster events as they are, commands chained into policy events (sequence 1, 2, ...). */
  static List<Object> events(List<Input> history) {
    List<Object> events = new ArrayList<>();
    PolicyEvent last = null;
    for (Input input : history) {
      if (input.event() instanceof PolicyCommand command) {
        last = PolicyChain.append(command, command.getEnvelope().getSubject(), last == null ? 1 : last.getSequence() + 1, 1,
            last == null ? null : last.getEnvelope().getHash());
        events.add(last);
      } else {
        events.add(input.event());
      }
    }
    return events;
  }

  private static Arbitrary<Input> workloads() {
    return Combinators.combine(Arbitraries.integers().between(0, 4), Arbitraries.of("default", "qa"), Arbitraries.of("reviews", "ratings"),
        Arbitraries.of("v1", "v2"), Arbitraries.of(true, true, false), Arbitraries.of(true, false), Arbitraries.of(false, false, false, true),
        Arbitraries.of("default", "default", "bookinfo"))
        .as((i, ns, service, version, sidecar, endpoint, removed, serviceAccount) -> {
          String name = "w" + i;
          String proxy = sidecar ? name : null;
          int port = endpoint ? 9000 + i : 0;
          ClusterEvent event = removed ? MeshFixtures.workloadRemoved(name, ns, service, version, proxy, port)
              : MeshFixtures.workload(name, ns, service, version, proxy, port);
          ((WorkloadResource) event.getResource()).setServiceAccount(serviceAccount);
          return new Input(event);
        });
  }

  /** The CA's bundle: one root, the rotation overlap, the other root, or a tombstone; sometimes for a foreign trust domain. */
  private static Arbitrary<Input> trustBundles() {
    return Combinators.combine(Arbitraries.of(WorkloadIdentity.DEFAULT_TRUST_DOMAIN, WorkloadIdentity.DEFAULT_TRUST_DOMAIN, "other.example"),
        Arbitraries.of("A", "AB", "B", "removed")).as((domain, roots) -> new Input(switch (roots) {
          case "A" -> TestRoots.bundle(domain, ROOT_A);
          case "AB" -> TestRoots.bundle(domain, ROOT_A, ROOT_B);
          case "B" -> TestRoots.bundle(domain, ROOT_B);
          default -> new BundleRemoved(domain);
        }));
  }

  private static Arbitrary<Input> policy(String kind, String namespace, String name, boolean delete, Object spec) {
    return Arbitraries.just(new Input(delete ? MeshFixtures.delete("d", kind, namespace, name)
        : MeshFixtures.command("u", Operation.UPSERT, kind, namespace, name, spec)));
  }

  private static Arbitrary<Input> virtualServices() {
    Arbitrary<HttpRouteSpec> route = Combinators.combine(Arbitraries.of(HOSTS), Arbitraries.of("", "v1", "v2", "split"),
        Arbitraries.of("none", "app=reviews", "ns=qa")).as((host, subset, source) -> {
          List<WeightedDestination> to = subset.equals("split")
              ? List.of(MeshFixtures.to(host, "v1", 50), MeshFixtures.to(host, "v2", 50))
              : List.of(MeshFixtures.to(host, subset.isEmpty() ? null : subset, 100));
          HttpRouteSpec.Builder http = HttpRouteSpec.newBuilder().setRoute(to);
          if (source.equals("app=reviews")) {
            http.setMatch(List.of(HttpMatchRequest.newBuilder().setSourceLabels(new LinkedHashMap<>(Map.of("app", "reviews"))).build()));
          } else if (source.equals("ns=qa")) {
            http.setMatch(List.of(HttpMatchRequest.newBuilder().setSourceNamespace("qa").build()));
          }
          return http.build();
        });
    return Combinators.combine(Arbitraries.of("vs0", "vs1"), Arbitraries.of(HOSTS), route.list().ofMinSize(1).ofMaxSize(2),
        Arbitraries.of(false, true), Arbitraries.of(false, false, false, true))
        .flatAs((name, host, http, tcp, delete) -> policy("VirtualService", "default", name, delete, VirtualServiceSpec.newBuilder()
            .setHosts(List.of(host)).setHttp(http)
            .setTcp(tcp ? List.of(TcpRouteSpec.newBuilder().setRoute(List.of(MeshFixtures.to(host, null, 100))).build()) : List.of())
            .build()));
  }

  private static Arbitrary<Input> destinationRules() {
    return Combinators.combine(Arbitraries.of("dr0", "dr1"), Arbitraries.of(HOSTS), Arbitraries.of(SimpleLb.class).injectNull(0.5),
        Arbitraries.of(false, false, false, true))
        .flatAs((name, host, lb, delete) -> policy("DestinationRule", "default", name, delete, DestinationRuleSpec.newBuilder()
            .setHost(host)
            .setTrafficPolicy(lb == null ? null : TrafficPolicySpec.newBuilder().setLoadBalancer(LoadBalancerSpec.newBuilder().setSimple(lb).build()).build())
            .setSubsets(List.of(SubsetSpec.newBuilder().setName("v1").setLabels(new LinkedHashMap<>(Map.of("version", "v1"))).build(),
                SubsetSpec.newBuilder().setName("v2").setLabels(new LinkedHashMap<>(Map.of("version", "v2"))).build()))
            .build()));
  }

  private static Arbitrary<Input> sidecars() {
    return Combinators.combine(Arbitraries.of("sc0", "sc1"), Arbitraries.of("default", "qa", "istio-system"), Arbitraries.of(true, false),
        Arbitraries.of(EGRESS).set().ofMinSize(1).ofMaxSize(3), Arbitraries.of(false, false, true))
        .flatAs((name, ns, selecting, hosts, delete) -> policy("Sidecar", ns, name, delete,
            Specs.sidecar(selecting ? Map.of("app", "reviews") : Map.of(), hosts.stream().sorted().toArray(String[]::new))));
  }

  private static Arbitrary<Input> serviceEntries() {
    return Combinators.combine(Arbitraries.of("default", "qa"), Arbitraries.of("ext.example.com", "reviews.qa.svc.cluster.local"),
        Arbitraries.of(false, false, true))
        .flatAs((ns, host, delete) -> policy("ServiceEntry", ns, "se0", delete, ServiceEntrySpec.newBuilder().setHosts(List.of(host))
            .setPorts(List.of(ServiceEntryPort.newBuilder().setNumber(80).setName("http").setProtocol("HTTP").build()))
            .setResolution(ServiceEntryResolution.STATIC)
            .setEndpoints(List.of(WorkloadEntrySpec.newBuilder().setAddress("10.0.0.1").setLabels(new LinkedHashMap<>(Map.of("version", "v1"))).build()))
            .build()));
  }

  private static Arbitrary<Input> authorizationPolicies() {
    return Combinators.combine(Arbitraries.of("default", "istio-system"), Arbitraries.of(true, false), Arbitraries.of(false, false, true))
        .flatAs((ns, selecting, delete) -> policy("AuthorizationPolicy", ns, "ap0", delete, AuthorizationPolicySpec.newBuilder()
            .setSelector(new LinkedHashMap<>(selecting ? Map.of("app", "ratings") : Map.of())).setAction(AuthzAction.DENY).build()));
  }
}
