package dev.meshlog.cli.bench;

import dev.meshlog.avro.PolicyEvent;
import dev.meshlog.engine.sequencer.PolicyChain;
import dev.meshlog.engine.snapshot.MeshChange;
import dev.meshlog.engine.wire.MeshChanges;
import dev.meshlog.schemas.SchemaCatalog;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/** Generated histories as the snapshot builder's input records, for tests outside this package. */
public final class HistoryFixtures {

  /** One input record: its topic and offset, and what it changes (empty: it folds to nothing). */
  public record Input(String topic, long offset, Optional<MeshChange> change) {}

  private HistoryFixtures() {}

  /**
   * A small namespace-scoped mesh's {@link GeneratedHistory}, churned further at random: VirtualServices
   * deleted (the next change re-creates them), proxies leaving and coming back, records that change nothing.
   * Policy event offsets step by two, as transaction markers make them.
   */
  public static List<Input> churningHistory(int events, Random random) {
    SchemaCatalog.trustGenerated();
    List<Input> inputs = new ArrayList<>();
    long[] offsets = new long[3];
    long[] sequence = {0};
    String[] head = {null};
    Map<String, Long> generations = new HashMap<>();
    Map<String, MeshChange> proxies = new LinkedHashMap<>();
    Map<String, MeshChange> gone = new LinkedHashMap<>();
    List<String> virtualServices = new ArrayList<>();
    MeshLayout layout = new MeshLayout(6, 8, 2, 8, MeshLayout.Scope.NAMESPACE);
    new GeneratedHistory(layout, events, Instant.parse("2026-11-01T00:00:00Z"), Duration.ofDays(1)).forEach(entry -> {
      if (entry instanceof GeneratedHistory.Policy policy) {
        String subject = policy.command().getEnvelope().getSubject();
        PolicyEvent event = PolicyChain.append(policy.command(), subject, ++sequence[0], generations.merge(subject, 1L, Long::sum), head[0]);
        head[0] = event.getEnvelope().getHash();
        inputs.add(new Input("events", offsets[0] += 2, MeshChanges.of(event)));
        if (subject.startsWith("VirtualService/") && !virtualServices.contains(subject)) {
          virtualServices.add(subject);
        }
      } else {
        MeshChange change = MeshChanges.of(((GeneratedHistory.Cluster) entry).event());
        inputs.add(new Input("cluster", offsets[1]++, Optional.of(change)));
        if (change instanceof MeshChange.Put put && put.resource() instanceof dev.meshlog.engine.snapshot.Workload w && w.proxyId().isPresent()) {
          proxies.put(change.key(), change);
        }
      }
      int dice = random.nextInt(1000);
      if (dice < 20 && !virtualServices.isEmpty()) {
        inputs.add(new Input("events", offsets[0] += 2, Optional.of(new MeshChange.Remove(virtualServices.get(random.nextInt(virtualServices.size()))))));
      } else if (dice < 23 && !proxies.isEmpty()) {
        String key = new ArrayList<>(proxies.keySet()).get(random.nextInt(proxies.size()));
        gone.put(key, proxies.remove(key));
        inputs.add(new Input("cluster", offsets[1]++, Optional.of(new MeshChange.Remove(key))));
      } else if (dice < 40 && !gone.isEmpty()) {
        String key = gone.keySet().iterator().next();
        proxies.put(key, gone.remove(key));
        inputs.add(new Input("cluster", offsets[1]++, Optional.of(proxies.get(key))));
      } else if (dice < 50) {
        inputs.add(new Input("bundle", offsets[2]++, Optional.empty()));
      }
    });
    return inputs;
  }
}
