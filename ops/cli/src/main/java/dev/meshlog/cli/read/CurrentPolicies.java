package dev.meshlog.cli.read;

import dev.meshlog.schemas.KafkaClientSettings;
import dev.meshlog.avro.Operation;
import dev.meshlog.avro.PolicyEvent;
import dev.meshlog.schemas.Subjects;
import dev.meshlog.schemas.Topics;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The policy resources in force, folded from the accepted events (mesh.policy.events): the latest
 * event per subject wins and a DELETE removes the resource. The log, not a store, is the truth, so
 * this is what the engine's own fold sees.
 */
public final class CurrentPolicies {

  private static final List<String> KIND_ORDER = List.of(
      "VirtualService", "DestinationRule", "ServiceEntry", "PeerAuthentication", "AuthorizationPolicy", "Sidecar");

  private final Map<String, PolicyEvent> bySubject;

  private CurrentPolicies(Map<String, PolicyEvent> bySubject) {
    this.bySubject = bySubject;
  }

  /** Reads the whole events topic up to its current end. */
  public static CurrentPolicies read(String bootstrap, Topics topics) {
    return read(bootstrap, KafkaClientSettings.NONE, topics);
  }

  /** As above, logged in with the cluster's connection and security settings. */
  public static CurrentPolicies read(String bootstrap, KafkaClientSettings client, Topics topics) {
    List<PolicyEvent> events = new ArrayList<>();
    TopicScan.readAll(bootstrap, client, topics.policyEvents(), (key, event) -> {
      if (event != null) {
        events.add(event);
      }
    });
    return fold(events);
  }

  /** Folds events in log order (a single chain partition: sequence order). */
  public static CurrentPolicies fold(Collection<PolicyEvent> events) {
    Map<String, PolicyEvent> current = new LinkedHashMap<>();
    for (PolicyEvent event : events) {
      String subject = Subjects.of(event.getKind(), event.getNamespace(), event.getName());
      if (event.getOperation() == Operation.DELETE) {
        current.remove(subject);
      } else {
        current.put(subject, event);
      }
    }
    return new CurrentPolicies(current);
  }

  public Optional<PolicyEvent> find(String subject) {
    return Optional.ofNullable(bySubject.get(subject));
  }

  /** Every resource, ordered by kind (Istio's usual order), namespace and name. */
  public List<PolicyEvent> all() {
    return bySubject.values().stream().sorted(ORDER).toList();
  }

  /** The resources of these kinds, in one namespace or (empty) in all. */
  public List<PolicyEvent> select(Collection<String> kinds, Optional<String> namespace) {
    return all().stream()
        .filter(e -> kinds.contains(e.getKind()))
        .filter(e -> namespace.map(ns -> ns.equals(e.getNamespace())).orElse(true))
        .toList();
  }

  private static final Comparator<PolicyEvent> ORDER = Comparator
      .comparingInt((PolicyEvent e) -> rank(e.getKind()))
      .thenComparing(PolicyEvent::getKind)
      .thenComparing(PolicyEvent::getNamespace)
      .thenComparing(PolicyEvent::getName);

  private static int rank(String kind) {
    int index = KIND_ORDER.indexOf(kind);
    return index < 0 ? KIND_ORDER.size() : index;
  }
}
