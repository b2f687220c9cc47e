package dev.meshlog.cli.bench;

import dev.meshlog.avro.ClusterChange;
import dev.meshlog.avro.ClusterEvent;
import dev.meshlog.avro.Envelope;
import dev.meshlog.avro.PolicyCommand;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A long mesh history, generated deterministically: a namespace-scoped mesh registers (services with a
 * v1 and a v2 endpoint, client proxies, one Sidecar per namespace, a DestinationRule and VirtualService
 * per service), then VirtualService weight changes by several actors, with one in every
 * {@value #CLUSTER_EVERY} events a v2 endpoint leaving or coming back and one in every
 * {@value #RULE_EVERY} policy changes a DestinationRule re-applied unchanged. Event times are spread
 * evenly over {@code span} ending at {@code end}, so points in time inside the history are meaningful.
 */
final class GeneratedHistory {

  static final int CLUSTER_EVERY = 20;
  static final int RULE_EVERY = 50;
  static final List<String> ACTORS = List.of("alice@example.com", "bob@example.com", "ci:deploy-pipeline", "oncall:sre");

  /** One event of the history, in log order. */
  sealed interface Entry permits Policy, Cluster {
    Instant time();
  }

  record Policy(PolicyCommand command, Instant time) implements Entry {}

  record Cluster(ClusterEvent event, Instant time) implements Entry {}

  private final MeshLayout layout;
  private final long events;
  private final Instant start;
  private final Duration step;

  GeneratedHistory(MeshLayout layout, long events, Instant end, Duration span) {
    if (events < seedSize(layout)) {
      throw new IllegalArgumentException("--events: at least " + seedSize(layout) + " needed to register the mesh, got " + events);
    }
    this.layout = layout;
    this.events = events;
    this.start = end.minus(span);
    this.step = Duration.ofMillis(Math.max(1, span.toMillis() / events)); // event times are milliseconds on the wire
  }

  static MeshLayout defaultLayout() {
    return new MeshLayout(50, 500, 10, 500, MeshLayout.Scope.NAMESPACE);
  }

  /** The services' DestinationRule and VirtualService plus every cluster registration and the Sidecars. */
  static long seedSize(MeshLayout layout) {
    return layout.services() * 3L + layout.proxies() + layout.namespaces() + layout.services() * 2L;
  }

  /** Time of the {@code i}-th event (from 0). */
  Instant timeOf(long i) {
    return start.plus(step.multipliedBy(i));
  }

  /** Every event in order; the caller writes them out (the whole history never sits in memory). */
  void forEach(Consumer<Entry> sink) {
    List<Object> seed = seed();
    long i = 0;
    for (Object entry : seed) {
      sink.accept(stamp(entry, i, "register the mesh"));
      i++;
    }
    boolean[] v2Gone = new boolean[layout.services()];
    for (long k = 0; i < events; k++, i++) {
      if (k % CLUSTER_EVERY == CLUSTER_EVERY - 1) {
        int j = (int) ((k / CLUSTER_EVERY) % layout.services());
        ClusterEvent endpoint = MeshSeeder.endpoint(layout.serviceNamespace(j), MeshLayout.serviceName(j), j, "v2");
        v2Gone[j] = !v2Gone[j];
        ClusterEvent change = ClusterEvent.newBuilder(endpoint)
            .setChange(v2Gone[j] ? ClusterChange.REMOVED : ClusterChange.REGISTERED)
            .setEnvelope(Envelope.newBuilder(endpoint.getEnvelope())
                .setType(v2Gone[j] ? "WorkloadRemoved" : "WorkloadRegistered").build())
            .build();
        sink.accept(stamp(change, i, "scale v2"));
        continue;
      }
      int j = (int) (k % layout.services());
      String ns = layout.serviceNamespace(j);
      String name = MeshLayout.serviceName(j);
      PolicyCommand command = k % RULE_EVERY == RULE_EVERY - 2
          ? BenchPolicies.destinationRule(ns, name, layout.host(j))
          : BenchPolicies.virtualService(ns, name, layout.host(j), (int) ((k / layout.services()) % 101));
      sink.accept(stamp(command, i, "rollout step " + k));
    }
  }

  private List<Object> seed() {
    List<Object> seed = new ArrayList<>();
    for (int j = 0; j < layout.services(); j++) {
      String ns = layout.serviceNamespace(j);
      String name = MeshLayout.serviceName(j);
      seed.add(MeshSeeder.service(ns, name));
      seed.add(MeshSeeder.endpoint(ns, name, j, "v1"));
      seed.add(MeshSeeder.endpoint(ns, name, j, "v2"));
    }
    for (int p = 0; p < layout.proxies(); p++) {
      seed.add(MeshSeeder.proxy(layout.proxyNamespace(p), MeshLayout.proxyId(p)));
    }
    layout.namespaceNames().forEach(ns -> seed.add(BenchPolicies.sidecar(ns)));
    for (int j = 0; j < layout.services(); j++) {
      String ns = layout.serviceNamespace(j);
      String name = MeshLayout.serviceName(j);
      seed.add(BenchPolicies.destinationRule(ns, name, layout.host(j)));
      seed.add(BenchPolicies.virtualService(ns, name, layout.host(j), WeightFlip.SEED_V1_WEIGHT));
    }
    return seed;
  }

  /** The event as made at its place in the history: its time, and (for a policy) one of the actors and a reason. */
  private Entry stamp(Object entry, long i, String reason) {
    Instant time = timeOf(i);
    if (entry instanceof ClusterEvent event) {
      return new Cluster(ClusterEvent.newBuilder(event)
          .setEnvelope(Envelope.newBuilder(event.getEnvelope()).setTime(time).build()).build(), time);
    }
    PolicyCommand command = (PolicyCommand) entry;
    Envelope envelope = Envelope.newBuilder(command.getEnvelope())
        .setTime(time)
        .setActor(ACTORS.get((int) (i % ACTORS.size())))
        .setReason(reason)
        .build();
    return new Policy(PolicyCommand.newBuilder(command).setEnvelope(envelope).build(), time);
  }
}
