package dev.meshlog.cli.bench;

import dev.meshlog.avro.PolicyEvent;
import dev.meshlog.avro.PolicyState;
import dev.meshlog.avro.PolicyStatus;
import dev.meshlog.cli.read.TopicScan;
import dev.meshlog.cli.replay.LogPoint;
import dev.meshlog.cli.replay.LogReplay;
import dev.meshlog.cli.replay.ReplayedMesh;
import dev.meshlog.cli.replay.ReplayedProxy;
import dev.meshlog.schemas.Topics;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * After a burst: did every command become exactly one policy event, and is what each proxy holds the
 * fold of the final state? The reference is the log itself folded from scratch by the engine's own
 * fold ({@link LogReplay}: policy events, cluster events and CA bundles, never the snapshot topic),
 * compared by content hash with the last snapshot each simulated proxy received.
 */
final class BurstCheck {

  /**
   * @param lost burst commands with no policy event (their causation id never appears)
   * @param duplicated burst commands with more than one
   * @param sequenceGaps policy event sequences missing or repeated across the whole chain
   * @param rejected burst commands the sequencer refused (status REJECTED): a lost one that was refused is not lost by the log
   */
  record Events(int commands, int lost, int duplicated, int sequenceGaps, int rejected, Optional<String> firstRejection) {
    boolean exact() {
      return lost == 0 && duplicated == 0 && sequenceGaps == 0;
    }
  }

  /** How many proxies hold the content (and version) of the replayed fold; {@code missing}: no snapshot received. */
  record Convergence(int proxies, int sameHash, int sameVersion, int missing) {
    boolean converged() {
      return sameHash == proxies;
    }
  }

  private BurstCheck() {}

  static Events events(String bootstrap, Topics topics, Set<String> commandIds) {
    Map<String, Integer> seen = new HashMap<>();
    Set<Long> sequences = new HashSet<>();
    long[] maxSequence = {0};
    int[] repeatedSequences = {0};
    TopicScan.readAll(bootstrap, topics.policyEvents(), (String key, PolicyEvent event) -> {
      if (event == null) {
        return;
      }
      String cause = event.getEnvelope().getCausationId();
      if (cause != null && commandIds.contains(cause)) {
        seen.merge(cause, 1, Integer::sum);
      }
      if (!sequences.add(event.getSequence())) {
        repeatedSequences[0]++;
      }
      maxSequence[0] = Math.max(maxSequence[0], event.getSequence());
    });
    int lost = (int) commandIds.stream().filter(id -> !seen.containsKey(id)).count();
    int duplicated = (int) seen.values().stream().filter(n -> n > 1).count();
    int missingSequences = (int) (maxSequence[0] - sequences.size()); // the chain starts at 1
    Set<String> rejected = new HashSet<>();
    List<String> reasons = new java.util.ArrayList<>();
    TopicScan.readAll(bootstrap, topics.policyStatus(), (String key, PolicyStatus status) -> {
      if (status != null && status.getState() == PolicyState.REJECTED && commandIds.contains(status.getCommandId())
          && rejected.add(status.getCommandId())) {
        reasons.add(status.getSubject() + ": " + status.getErrors());
      }
    });
    return new Events(commandIds.size(), lost, duplicated, missingSequences + repeatedSequences[0], rejected.size(),
        reasons.stream().findFirst());
  }

  static ReplayedMesh replay(String bootstrap, Topics topics, String trustDomain) {
    return new LogReplay(bootstrap, topics, trustDomain).at(new LogPoint.AtTime(Instant.now()), Optional.empty());
  }

  static Convergence convergence(ReplayedMesh reference, Set<String> proxyIds, Map<String, SnapshotView> received) {
    int sameHash = 0;
    int sameVersion = 0;
    int missing = 0;
    for (String id : proxyIds) {
      SnapshotView view = received.get(id);
      ReplayedProxy expected = reference.proxies().get(id);
      if (view == null || expected == null) {
        missing++;
        continue;
      }
      sameHash += view.hash().equals(expected.hash()) ? 1 : 0;
      sameVersion += view.version() == expected.version() ? 1 : 0;
    }
    return new Convergence(proxyIds.size(), sameHash, sameVersion, missing);
  }

  static List<String> describe(Events events, Convergence convergence) {
    return List.of(
        String.format(java.util.Locale.ROOT, "events: %,d burst commands, lost %d, duplicated %d; policy chain sequence gaps or repeats: %d;"
            + " rejected by the sequencer: %d%s", events.commands(), events.lost(), events.duplicated(), events.sequenceGaps(),
            events.rejected(), events.firstRejection().map(r -> " (first: " + r + ")").orElse("")),
        String.format(java.util.Locale.ROOT, "convergence: %d of %d proxies hold the content hash of the log replayed from scratch"
            + " (same version: %d; no snapshot: %d)", convergence.sameHash(), convergence.proxies(), convergence.sameVersion(),
            convergence.missing()));
  }
}
