package dev.meshlog.cli.faults.controlplane;

import dev.meshlog.avro.DestinationRuleSpec;
import dev.meshlog.avro.Envelope;
import dev.meshlog.avro.HttpRouteSpec;
import dev.meshlog.avro.LoadBalancerSpec;
import dev.meshlog.avro.Operation;
import dev.meshlog.avro.PolicyCommand;
import dev.meshlog.avro.SimpleLb;
import dev.meshlog.avro.Source;
import dev.meshlog.avro.SubsetSpec;
import dev.meshlog.avro.TrafficPolicySpec;
import dev.meshlog.avro.VirtualServiceSpec;
import dev.meshlog.avro.WeightedDestination;
import dev.meshlog.ingest.policy.PolicyCommands;
import dev.meshlog.schemas.Subjects;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;

/**
 * The policy commands of a burst: weight flips of a VirtualService and load-balancer changes of a DestinationRule
 * for each of a few services. Every command is valid and keeps both subsets routable, so client traffic to
 * {@code reviews} must keep succeeding whatever version of the policy a proxy runs.
 */
public final class BurstCommands {

  public static final String NAMESPACE = "default";
  static final List<String> SERVICES = List.of("reviews", "ratings", "details");
  private static final SimpleLb[] BALANCERS = SimpleLb.values();

  private BurstCommands() {}

  /** The state before the burst: subsets v1 and v2 and a 50/50 split for every service. */
  public static List<PolicyCommand> setup() {
    List<PolicyCommand> commands = new ArrayList<>(setupRules());
    commands.addAll(setupRoutes());
    return commands;
  }

  /**
   * The first half of {@link #setup()}: each service's DestinationRule, defining the subsets v1 and v2. It must be
   * accepted before {@link #setupRoutes()} is sent: a route to a subset no rule defines yet has no endpoint (503 UH, as
   * in Istio), and on a multi-partition commands topic two subjects sent together may be accepted in either order.
   */
  public static List<PolicyCommand> setupRules() {
    return SERVICES.stream().map(service -> destinationRule(service, SimpleLb.ROUND_ROBIN)).toList();
  }

  /** The second half of {@link #setup()}: each service's VirtualService, a 50/50 split over the subsets. */
  public static List<PolicyCommand> setupRoutes() {
    return SERVICES.stream().map(service -> virtualService(service, 50)).toList();
  }

  /** {@code n} changes cycling over the services' VirtualServices and DestinationRules. */
  public static List<PolicyCommand> burst(int n) {
    List<PolicyCommand> commands = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String service = SERVICES.get(i % SERVICES.size());
      commands.add((i / SERVICES.size()) % 2 == 0
          ? virtualService(service, v1Weight(i))
          : destinationRule(service, BALANCERS[i % BALANCERS.length]));
    }
    return commands;
  }

  /** The v1 weight command {@code i} of a burst gives its VirtualService (1..99, v2 gets the rest: both stay in the route). */
  static int v1Weight(int i) {
    return 1 + (i * 37) % 99;
  }

  public static PolicyCommand virtualService(String service, int v1Weight) {
    String host = host(service);
    HttpRouteSpec route = HttpRouteSpec.newBuilder()
        .setName("split")
        .setRoute(List.of(destination(host, "v1", v1Weight), destination(host, "v2", 100 - v1Weight)))
        .build();
    return command("VirtualService", service, VirtualServiceSpec.newBuilder().setHosts(List.of(host)).setHttp(List.of(route)).build());
  }

  static PolicyCommand destinationRule(String service, SimpleLb balancer) {
    DestinationRuleSpec spec = DestinationRuleSpec.newBuilder()
        .setHost(host(service))
        .setSubsets(List.of(subset("v1"), subset("v2")))
        .setTrafficPolicy(TrafficPolicySpec.newBuilder()
            .setLoadBalancer(LoadBalancerSpec.newBuilder().setSimple(balancer).setConsistentHash(null).build()).build())
        .build();
    return command("DestinationRule", service, spec);
  }

  public static String host(String service) {
    return service + "." + NAMESPACE + ".svc.cluster.local";
  }

  private static SubsetSpec subset(String version) {
    return SubsetSpec.newBuilder().setName(version).setLabels(Map.of("version", version)).setTrafficPolicy(null).build();
  }

  private static WeightedDestination destination(String host, String subset, int weight) {
    return WeightedDestination.newBuilder().setHost(host).setSubset(subset).setPort(null).setWeight(weight).setHeaders(null).build();
  }

  private static PolicyCommand command(String kind, String name, SpecificRecord spec) {
    Envelope envelope = Envelope.newBuilder()
        .setId(UUID.randomUUID().toString())
        .setType(PolicyCommands.UPSERT_REQUESTED)
        .setSubject(Subjects.of(kind, NAMESPACE, name))
        .setActor("test:faults")
        .setReason("control-plane fault burst")
        .setSource(Source.CLI)
        .setTime(Instant.now().truncatedTo(ChronoUnit.MILLIS))
        .build();
    return PolicyCommand.newBuilder()
        .setEnvelope(envelope)
        .setOperation(Operation.UPSERT)
        .setApiVersion("networking.istio.io/v1")
        .setKind(kind)
        .setNamespace(NAMESPACE)
        .setName(name)
        .setSpec(spec)
        .setDocument(null)
        .build();
  }
}
