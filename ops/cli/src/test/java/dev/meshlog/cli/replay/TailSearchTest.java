package dev.meshlog.cli.replay;

import static dev.meshlog.cli.replay.ReplayFixtures.REVIEWS;
import static dev.meshlog.cli.replay.ReplayFixtures.TOPICS;
import static dev.meshlog.cli.replay.ReplayFixtures.cluster;
import static dev.meshlog.cli.replay.ReplayFixtures.events;
import static dev.meshlog.cli.replay.ReplayFixtures.policy;
import static dev.meshlog.cli.replay.ReplayFixtures.workload;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meshlog.avro.ClusterChange;
import dev.meshlog.avro.PolicyEvent;
import dev.meshlog.engine.snapshot.WorkloadIdentity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The one-proxy fold and the walk back from the end ({@link TailSearch}, for every proxy and for one) give each proxy
 * exactly the version and hash the engine's own whole-mesh fold gives it, after the events of random histories of
 * workloads coming and going, routes (some held back), entries, Sidecars and mesh-wide policies.
 */
class TailSearchTest {

  private static final LogPoint END = new LogPoint.AtTime(Instant.MAX);
  private static final List<String> PROXIES = List.of("client", "reviews-v1", "reviews-v2", "ratings-v1", "other-ns");

  private static final String ENTRY = """
      apiVersion: networking.istio.io/v1
      kind: ServiceEntry
      metadata: {name: ext, namespace: default}
      spec:
        hosts: [ext.example.com]
        location: MESH_EXTERNAL
        ports: [{number: 80, name: http, protocol: HTTP}]
        resolution: STATIC
        endpoints: [{address: 127.0.0.%d}]
      """;
  private static final String MESH_WIDE = """
      apiVersion: security.istio.io/v1
      kind: PeerAuthentication
      metadata: {name: default, namespace: istio-system}
      spec:
        mtls: {mode: %s}
      """;
  private static final String SIDECAR = """
      apiVersion: networking.istio.io/v1
      kind: Sidecar
      metadata: {name: default, namespace: default}
      spec:
        egress:
        - hosts: ["./%s"]
      """;

  /** One random history: each element an input record in fold order. */
  private static List<InputRecord> history(long seed, int length) {
    Random random = new Random(seed);
    List<InputRecord> records = new ArrayList<>();
    long policyOffset = 0;
    long clusterOffset = 0;
    long sequence = 1;
    Map<String, PolicyEvent> live = new TreeMap<>();
    for (int i = 0; i < length; i++) {
      int pick = random.nextInt(8);
      List<PolicyEvent> events = switch (pick) {
        case 0 -> {
          int v1 = 50 + random.nextInt(4) * 10;
          yield events(REVIEWS.formatted(v1, 100 - v1), sequence, "a");
        }
        case 1 -> events(ENTRY.formatted(1 + random.nextInt(3)), sequence, "a");
        case 2 -> events(MESH_WIDE.formatted(random.nextBoolean() ? "PERMISSIVE" : "DISABLE"), sequence, "a");
        case 3 -> events(SIDECAR.formatted(random.nextBoolean() ? "*" : "reviews.default.svc.cluster.local"), sequence, "a");
        default -> List.of();
      };
      if (pick == 4 && !live.isEmpty()) {
        PolicyEvent gone = new ArrayList<>(live.values()).get(random.nextInt(live.size()));
        events = List.of(ReplayFixtures.deleted(gone, sequence));
      }
      for (PolicyEvent e : events) {
        fixWeights(e);
        String subject = e.getKind() + "/" + e.getNamespace() + "/" + e.getName();
        if (e.getOperation() == dev.meshlog.avro.Operation.DELETE) {
          live.remove(subject);
        } else {
          live.put(subject, e);
        }
        records.add(policy(policyOffset++, i, e));
        sequence++;
      }
      if (pick >= 5) {
        String proxy = PROXIES.get(random.nextInt(PROXIES.size()));
        ClusterChange change = random.nextInt(3) == 0 ? ClusterChange.REMOVED : ClusterChange.REGISTERED;
        records.add(cluster(clusterOffset++, i, switch (proxy) {
          case "client" -> workload("client", "client", null, 0, change);
          case "other-ns" -> otherNamespace(change);
          default -> workload(proxy, proxy.substring(0, proxy.indexOf('-')), proxy.substring(proxy.indexOf('-') + 1),
              1000 + proxy.length(), change);
        }));
      }
    }
    return records;
  }

  /** 70/30 becomes 70/20, which the engine holds back: some assemblies in each history are rejected. */
  private static void fixWeights(PolicyEvent e) {
    if (e.getSpec() instanceof dev.meshlog.avro.VirtualServiceSpec vs && vs.getHttp().get(0).getRoute().get(0).getWeight() == 70) {
      vs.getHttp().get(0).getRoute().get(1).setWeight(20);
    }
  }

  private static dev.meshlog.avro.ClusterEvent otherNamespace(ClusterChange change) {
    dev.meshlog.avro.ClusterEvent e = workload("other-ns", "billing", "v1", 1100, change);
    ((dev.meshlog.avro.WorkloadResource) e.getResource()).setNamespace("billing");
    e.getEnvelope().setSubject("Workload/billing/other-ns");
    return e;
  }

  private static RecordFetch fetchFrom(List<InputRecord> records) {
    return (topic, partition, offset) -> records.stream()
        .filter(r -> r.topic().equals(topic) && r.partition() == partition && r.offset() == offset).findFirst();
  }

  private static Map<String, Optional<String>> summary(ReplayedMesh mesh, List<String> ids) {
    Map<String, Optional<String>> out = new TreeMap<>();
    ids.forEach(id -> out.put(id, Optional.ofNullable(mesh.proxies().get(id)).map(p -> p.version() + " " + p.hash())));
    return out;
  }

  @Test
  void shouldGiveEachProxyTheVersionAndHashOfTheWholeMeshFoldAfterEveryEvent() {
    for (long seed = 1; seed <= 10; seed++) {
      List<InputRecord> records = history(seed, 120);
      MeshReplay engine = ForwardFold.replay(TOPICS, WorkloadIdentity.DEFAULT_TRUST_DOMAIN);
      MeshReplay tail = MeshReplay.allProxies(TOPICS, WorkloadIdentity.DEFAULT_TRUST_DOMAIN);
      // keeping only the last 3 inputs in memory, reading older ones again as needed
      MeshReplay forgetful = MeshReplay.tail(TOPICS, WorkloadIdentity.DEFAULT_TRUST_DOMAIN, id -> true, 3, fetchFrom(records));
      Map<String, MeshReplay> oneTails = new TreeMap<>();
      PROXIES.forEach(id -> oneTails.put(id, MeshReplay.oneProxy(TOPICS, WorkloadIdentity.DEFAULT_TRUST_DOMAIN, id)));
      for (int i = 0; i < records.size(); i++) {
        engine.accept(records.get(i));
        tail.accept(records.get(i));
        forgetful.accept(records.get(i));
        ReplayedMesh whole = engine.result(END);
        boolean check = i % 7 == 6 || i == records.size() - 1; // a walk back from every record would take minutes
        if (check) {
          assertEquals(summary(whole, PROXIES), summary(tail.result(END), PROXIES), "seed " + seed + ", walking back from record " + i);
          assertEquals(summary(whole, PROXIES), summary(forgetful.result(END), PROXIES), "seed " + seed + ", reading again, record " + i);
        }
        for (String id : PROXIES) {
          oneTails.get(id).accept(records.get(i));
          if (check) {
            assertEquals(summary(whole, List.of(id)), summary(oneTails.get(id).result(END), List.of(id)),
                "seed " + seed + ", proxy " + id + " walking back from record " + i);
          }
        }
      }
    }
  }
}
