package dev.meshlog.cli;

import dev.meshlog.avro.PolicyEvent;
import dev.meshlog.avro.PolicyRollout;
import dev.meshlog.avro.PolicyState;
import dev.meshlog.avro.PolicyStatus;
import dev.meshlog.avro.ProxyNack;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How {@code meshlog status} tells one resource's story: the verdict on its newest command, what is
 * in force, and how far the newest change has reached the proxies it affects.
 */
final class PolicyStatusView {

  private PolicyStatusView() {}

  static String render(String subject, Optional<PolicyStatus> status, Optional<PolicyEvent> inForce, Optional<PolicyRollout> rollout) {
    List<String> lines = new ArrayList<>();
    lines.add(subject + ": " + verdict(status, inForce));
    if (status.map(s -> s.getState() == PolicyState.REJECTED).orElse(false)) {
      lines.add(inForce.map(e -> "in force: generation " + e.getGeneration() + " (by " + e.getEnvelope().getActor() + ")")
          .orElse("not in force"));
    }
    rollout.ifPresent(r -> lines.add(rollout(r, inForce)));
    return String.join("\n", lines) + "\n";
  }

  private static String verdict(Optional<PolicyStatus> found, Optional<PolicyEvent> inForce) {
    if (found.isEmpty()) {
      // statuses are compacted and can lag; the event log still says what is in force
      return inForce.map(e -> "in force (generation " + e.getGeneration() + ", by " + e.getEnvelope().getActor() + ")")
          .orElse("no status");
    }
    PolicyStatus status = found.get();
    return switch (status.getState()) {
      case ACCEPTED -> (inForce.isPresent() ? "accepted" : "deleted")
          + " (generation " + status.getGeneration() + ", by " + status.getActor() + ")";
      case REJECTED -> "rejected (by " + status.getActor() + "): " + String.join("; ", status.getErrors());
      default -> "unknown (by " + status.getActor() + ")";
    };
  }

  /** e.g. {@code applied to 998/1000 proxies, p50 120 ms, p99 340 ms; 2 NACKed: a (v12): error; pending: b}. */
  static String rollout(PolicyRollout rollout, Optional<PolicyEvent> inForce) {
    if (rollout.getAffected() == 0) {
      return "affects no proxies";
    }
    StringBuilder text = new StringBuilder("applied to " + rollout.getApplied() + "/" + rollout.getAffected() + " proxies");
    if (rollout.getApplyP50Ms() != null) {
      text.append(", p50 ").append(rollout.getApplyP50Ms()).append(" ms");
    }
    if (rollout.getApplyP99Ms() != null) {
      text.append(", p99 ").append(rollout.getApplyP99Ms()).append(" ms");
    }
    List<ProxyNack> nacks = rollout.getNacks();
    if (!nacks.isEmpty()) {
      text.append("; ").append(nacks.size()).append(" NACKed: ").append(nacks.stream()
          .map(n -> n.getProxyId() + " (v" + n.getVersion() + "): " + n.getError()).collect(Collectors.joining("; ")));
    }
    if (!rollout.getPending().isEmpty()) {
      text.append("; pending: ").append(String.join(", ", rollout.getPending()));
    }
    // The rollout follows the newest change it has folded; an even newer event may not be counted yet.
    if (inForce.map(e -> e.getEnvelope().getTime().isAfter(rollout.getEventTime())).orElse(false)) {
      text.append(" (of an earlier change; the newest is not counted yet)");
    }
    return text.toString();
  }
}
