package dev.meshlog.ingest.kubernetes.istio;

import dev.meshlog.avro.Operation;
import dev.meshlog.avro.PolicyCommand;
import dev.meshlog.avro.Source;
import dev.meshlog.ingest.policy.Attribution;
import dev.meshlog.ingest.policy.PolicyCommands;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The policy state as the log has it or soon will: the state read from mesh.policy.events at start, overlaid with
 * every command this sync has published since (published but perhaps not yet sequenced). Every decision to publish
 * is a comparison against it, so a resync, a replayed informer event or a restart publishes nothing for an
 * unchanged object, and an object changed twice before the engine sequences the first change is not published
 * twice. Specs are compared as typed Avro records, not as text: reformatting YAML changes nothing. Confined to the
 * sync's loop thread.
 */
final class PolicyLedger {

  private final Map<String, LoggedPolicy> state;
  private final Clock clock;

  PolicyLedger(Map<String, LoggedPolicy> logged, Clock clock) {
    this.state = new HashMap<>(logged);
    this.clock = clock;
  }

  /**
   * The commands that bring the log to what Kubernetes holds after a full list: an UPSERT per object whose typed
   * spec differs from the logged one, and a DELETE per logged subject that Kubernetes put there ({@code
   * KUBERNETES} source), that {@code inScope} covers (a kind whose informer synced, the watched namespace) and
   * that has no object any more. Refused objects still exist: their subjects are neither upserted nor deleted.
   * Resources applied with the CLI are left alone.
   */
  List<PolicyCommand> reconcile(Collection<Conversion> objects, Predicate<String> inScope) {
    List<PolicyCommand> commands = new ArrayList<>();
    Set<String> present = new HashSet<>();
    for (Conversion object : objects) {
      present.add(object.subject());
      if (object instanceof Conversion.Converted converted) {
        upsertIfChanged(converted).ifPresent(commands::add);
      }
    }
    state.values().stream()
        .filter(LoggedPolicy::ownedByKubernetes)
        .map(LoggedPolicy::subject)
        .filter(subject -> !present.contains(subject) && inScope.test(subject))
        .sorted()
        .forEach(subject -> commands.add(delete(subject, ObjectAttribution.ofDeletionWhileDown())));
    return commands;
  }

  /** An UPSERT when the object's typed spec differs from the ledger's, else nothing. */
  Optional<PolicyCommand> upsertIfChanged(Conversion.Converted object) {
    LoggedPolicy known = state.get(object.subject());
    if (known != null && known.spec().equals(object.command().getSpec())) {
      return Optional.empty();
    }
    return Optional.of(object.command());
  }

  /** A DELETE when the subject is in force, else nothing (already deleted, or never accepted). */
  Optional<PolicyCommand> deleteIfPresent(String subject, Attribution attribution) {
    return state.containsKey(subject) ? Optional.of(delete(subject, attribution)) : Optional.empty();
  }

  /** Records commands that were published, so what they say counts as logged from now on. */
  void recordPublished(List<PolicyCommand> commands) {
    for (PolicyCommand command : commands) {
      String subject = command.getEnvelope().getSubject();
      if (command.getOperation() == Operation.DELETE) {
        state.remove(subject);
      } else {
        state.put(subject, new LoggedPolicy(subject, command.getSpec(), Source.KUBERNETES));
      }
    }
  }

  Optional<LoggedPolicy> find(String subject) {
    return Optional.ofNullable(state.get(subject));
  }

  private PolicyCommand delete(String subject, Attribution attribution) {
    String[] parts = subject.split("/", 3);
    return PolicyCommands.delete(parts[0], parts[1], parts[2], attribution, clock);
  }
}
