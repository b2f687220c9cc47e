package dev.meshlog.engine.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meshlog.avro.ClusterEvent;
import dev.meshlog.avro.MeshTrustBundle;
import dev.meshlog.avro.PolicyEvent;
import dev.meshlog.engine.wire.MeshChanges;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The index each state carries is updated by every change instead of rebuilt; over generated
 * histories it answers exactly what one pass over the state's resources answers (the way it was
 * built before), after every event, and an older state still answers what it did when it was current.
 */
class MeshIndexPropertiesTest {

  private static final List<String> NAMESPACES = List.of("default", "qa", "istio-system", "bookinfo");
  private static final Comparator<Ordered> OLDEST_FIRST = Comparator.comparingLong(Ordered::created).thenComparing(Ordered::subject);

  @Provide
  Arbitrary<List<MeshHistories.Input>> histories() {
    return MeshHistories.histories();
  }

  @Property(tries = 200)
  void incrementalIndexAnswersAsAFullRebuildAndOlderStatesDoNotChange(@ForAll("histories") List<MeshHistories.Input> history) {
    MeshState state = MeshState.EMPTY;
    List<MeshState> states = new ArrayList<>();
    List<String> answers = new ArrayList<>();
    int step = 0;
    for (Object event : MeshHistories.events(history)) {
      step++;
      state = state.apply(change(event));
      String expected = rebuilt(state);
      assertEquals(expected, answers(state), "after event " + step + " of " + history);
      states.add(state);
      answers.add(expected);
    }
    for (int i = 0; i < states.size(); i++) {
      assertEquals(answers.get(i), answers(states.get(i)), "state " + (i + 1) + " after the later events of " + history);
    }
  }

  @Property(tries = 200)
  void aScopesCandidatesHoldEveryHostItIncludes(@ForAll("histories") List<MeshHistories.Input> history) {
    MeshState state = MeshState.EMPTY;
    for (Object event : MeshHistories.events(history)) {
      state = state.apply(change(event));
      for (Workload proxy : state.proxies().values()) {
        SidecarScope scope = SidecarScope.of(state, proxy);
        List<String> everyHost = state.hosts().values().stream().filter(scope::includes).map(MeshHost::fqdn).toList();
        List<String> candidates = scope.candidates(state).values().stream().filter(scope::includes).map(MeshHost::fqdn).toList();
        assertEquals(everyHost, candidates, proxy.name() + " under " + scope + " in " + history);
      }
    }
  }

  /** Every query the index serves, over every host any resource could name. */
  private static String answers(MeshState state) {
    StringBuilder out = new StringBuilder();
    out.append("hosts ").append(state.hosts()).append('\n').append("proxies ").append(state.proxies()).append('\n');
    for (String ns : NAMESPACES) {
      out.append("in ").append(ns).append(' ').append(state.hostsIn(ns)).append('\n');
      out.append("policies in ").append(ns).append(' ').append(state.sidecarsIn(ns)).append(' ')
          .append(state.peerAuthenticationsIn(ns)).append(' ').append(state.authorizationPoliciesIn(ns)).append('\n');
    }
    for (String host : probes(state)) {
      out.append(host).append(' ').append(state.host(host)).append(' ').append(state.endpointsOf(host)).append(' ')
          .append(state.virtualServiceFor(host)).append(' ').append(state.destinationRuleFor(host)).append('\n');
    }
    return out.toString();
  }

  /** The same queries answered by one pass over the state's resources, as MeshIndex was built before it was incremental. */
  private static String rebuilt(MeshState state) {
    Map<String, List<Workload>> endpoints = new HashMap<>();
    SortedMap<String, Workload> proxies = new TreeMap<>();
    for (Workload w : state.workloads().values()) {
      if (w.isEndpoint()) {
        endpoints.computeIfAbsent(w.serviceHost().fqdn(), h -> new ArrayList<>()).add(w);
      }
      w.proxyId().ifPresent(id -> proxies.putIfAbsent(id, w));
    }
    SortedMap<String, MeshHost> hosts = new TreeMap<>();
    endpoints.forEach((fqdn, list) -> hosts.put(fqdn, MeshHost.of(list.get(0).serviceHost())));
    state.serviceEntries().values().forEach(se -> se.hosts().forEach(h -> hosts.putIfAbsent(h, MeshHost.of(h, se))));
    Map<String, VirtualService> vs = new HashMap<>();
    state.virtualServices().values().forEach(v -> v.hosts().forEach(h -> vs.merge(h, v, MeshIndexPropertiesTest::older)));
    Map<String, DestinationRule> dr = new HashMap<>();
    state.destinationRules().values().forEach(r -> dr.merge(r.host(), r, MeshIndexPropertiesTest::older));

    StringBuilder out = new StringBuilder();
    out.append("hosts ").append(hosts).append('\n').append("proxies ").append(proxies).append('\n');
    for (String ns : NAMESPACES) {
      SortedMap<String, MeshHost> in = new TreeMap<>();
      hosts.forEach((name, host) -> {
        if (host.namespace().equals(ns)) {
          in.put(name, host);
        }
      });
      out.append("in ").append(ns).append(' ').append(in).append('\n');
      out.append("policies in ").append(ns).append(' ').append(in(state.sidecars(), ns, Sidecar::namespace)).append(' ')
          .append(in(state.peerAuthentications(), ns, PeerAuthentication::namespace)).append(' ')
          .append(in(state.authorizationPolicies(), ns, AuthorizationPolicy::namespace)).append('\n');
    }
    for (String host : probes(state)) {
      out.append(host).append(' ').append(Optional.ofNullable(hosts.get(host))).append(' ')
          .append(endpoints.getOrDefault(host, List.of())).append(' ')
          .append(Optional.ofNullable(vs.get(host))).append(' ').append(Optional.ofNullable(dr.get(host))).append('\n');
    }
    return out.toString();
  }

  private static <V> SortedMap<String, V> in(SortedMap<String, V> all, String namespace, Function<V, String> namespaceOf) {
    SortedMap<String, V> in = new TreeMap<>();
    all.forEach((key, value) -> {
      if (namespaceOf.apply(value).equals(namespace)) {
        in.put(key, value);
      }
    });
    return in;
  }

  private static TreeSet<String> probes(MeshState state) {
    TreeSet<String> hosts = new TreeSet<>(MeshHistories.HOSTS);
    hosts.addAll(state.hosts().keySet());
    return hosts;
  }

  private static <T extends Ordered> T older(T a, T b) {
    return OLDEST_FIRST.compare(a, b) <= 0 ? a : b;
  }

  private static MeshChange change(Object event) {
    if (event instanceof MeshTrustBundle bundle) {
      return MeshChanges.of(bundle);
    }
    if (event instanceof MeshHistories.BundleRemoved removed) {
      return new MeshChange.Remove(TrustRoots.key(removed.trustDomain()));
    }
    return event instanceof PolicyEvent p ? MeshChanges.of(p).orElseThrow() : MeshChanges.of((ClusterEvent) event);
  }
}
