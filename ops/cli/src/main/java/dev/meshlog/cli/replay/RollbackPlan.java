package dev.meshlog.cli.replay;

import dev.meshlog.avro.PolicyCommand;
import dev.meshlog.avro.PolicyEvent;
import dev.meshlog.ingest.policy.Attribution;
import dev.meshlog.ingest.policy.PolicyCommands;
import dev.meshlog.ingest.policy.model.PolicyResource;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * The compensating commands that bring the policy resources in force now back to those in force at an earlier point:
 * an upsert of the earlier spec for each resource that changed or was deleted since, a delete for each resource
 * created since. Resources whose spec is the same are left alone, so a second rollback to the same point has nothing
 * to do. Upserts go first, hosts' own definitions (ServiceEntry, DestinationRule) before what routes to them, and deletes
 * last in the reverse order, so no step leaves a route pointing at a subset that is gone.
 */
record RollbackPlan(List<Step> steps) {

  private static final List<String> KIND_ORDER = List.of(
      "ServiceEntry", "DestinationRule", "VirtualService", "PeerAuthentication", "AuthorizationPolicy", "Sidecar");

  RollbackPlan {
    steps = List.copyOf(steps);
  }

  /** One compensating change. */
  sealed interface Step permits Restore, Remove {
    String subject();

    String kind();

    /** What the step does, for the plan's printout. */
    String describe();

    PolicyCommand command(Attribution attribution, Clock clock);
  }

  /** Put back the spec the resource had then; {@code recreate} when it has been deleted since. */
  record Restore(PolicyEvent then, boolean recreate) implements Step {
    @Override
    public String subject() {
      return then.getKind() + "/" + then.getNamespace() + "/" + then.getName();
    }

    @Override
    public String kind() {
      return then.getKind();
    }

    @Override
    public String describe() {
      return (recreate ? "recreate " : "restore  ") + subject() + " (generation " + then.getGeneration() + ", sequence " + then.getSequence() + ")";
    }

    @Override
    public PolicyCommand command(Attribution attribution, Clock clock) {
      SpecificRecord spec = (SpecificRecord) SpecificData.get().deepCopy(((SpecificRecord) then.getSpec()).getSchema(), then.getSpec());
      return PolicyCommands.upsert(new PolicyResource(then.getApiVersion(), then.getKind(), then.getNamespace(), then.getName(),
          Optional.of(spec)), then.getDocument(), attribution, clock);
    }
  }

  /** Delete a resource that did not exist then. */
  record Remove(PolicyEvent now) implements Step {
    @Override
    public String subject() {
      return now.getKind() + "/" + now.getNamespace() + "/" + now.getName();
    }

    @Override
    public String kind() {
      return now.getKind();
    }

    @Override
    public String describe() {
      return "delete   " + subject() + " (created since)";
    }

    @Override
    public PolicyCommand command(Attribution attribution, Clock clock) {
      return PolicyCommands.delete(now.getKind(), now.getNamespace(), now.getName(), attribution, clock);
    }
  }

  /** The plan from the resources in force {@code now} back to those in force {@code then}, both by subject. */
  static RollbackPlan between(Map<String, PolicyEvent> then, Map<String, PolicyEvent> now) {
    List<Step> restores = new ArrayList<>();
    List<Step> removes = new ArrayList<>();
    TreeSet<String> subjects = new TreeSet<>(then.keySet());
    subjects.addAll(now.keySet());
    for (String subject : subjects) {
      PolicyEvent was = then.get(subject);
      PolicyEvent is = now.get(subject);
      if (was == null) {
        removes.add(new Remove(is));
      } else if (is == null) {
        restores.add(new Restore(was, true));
      } else if (!same(was, is)) {
        restores.add(new Restore(was, false));
      }
    }
    restores.sort(Comparator.comparingInt((Step s) -> rank(s.kind())).thenComparing(Step::subject));
    removes.sort(Comparator.comparingInt((Step s) -> -rank(s.kind())).thenComparing(Step::subject));
    List<Step> steps = new ArrayList<>(restores);
    steps.addAll(removes);
    return new RollbackPlan(steps);
  }

  boolean isEmpty() {
    return steps.isEmpty();
  }

  /** The same resource as far as the mesh can tell: the spec (and its API version); the applied text does not count. */
  private static boolean same(PolicyEvent a, PolicyEvent b) {
    return Objects.equals(a.getApiVersion(), b.getApiVersion()) && Objects.equals(a.getSpec(), b.getSpec());
  }

  private static int rank(String kind) {
    int i = KIND_ORDER.indexOf(kind);
    return i < 0 ? KIND_ORDER.size() : i;
  }
}
