package dev.meshlog.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.avro.PolicyEvent;
import dev.meshlog.cli.audit.ChainAudit;
import dev.meshlog.cli.audit.ChainRecord;
import dev.meshlog.cli.audit.ChainVerdict;
import dev.meshlog.engine.sequencer.PolicyChain;
import dev.meshlog.schemas.SchemaCatalog;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GeneratedHistoryTest {

  private static final Instant END = Instant.parse("2026-11-01T00:00:00Z");
  private final MeshLayout layout = new MeshLayout(4, 6, 2, 6, MeshLayout.Scope.NAMESPACE);

  @BeforeAll
  static void trust() {
    SchemaCatalog.trustGenerated();
  }

  @Test
  void shouldGenerateExactlyTheAskedNumberOfEventsInTimeOrderOverTheSpan() {
    List<GeneratedHistory.Entry> entries = generate(1_000);
    assertEquals(1_000, entries.size());
    for (int i = 1; i < entries.size(); i++) {
      assertTrue(!entries.get(i).time().isBefore(entries.get(i - 1).time()), "event " + i + " goes back in time");
    }
    assertEquals(END.minus(Duration.ofDays(1)), entries.get(0).time());
    assertTrue(entries.get(entries.size() - 1).time().isBefore(END));
    long cluster = entries.stream().filter(GeneratedHistory.Cluster.class::isInstance).count();
    long seedCluster = layout.services() * 3L + layout.proxies();
    assertEquals(seedCluster + (1_000 - GeneratedHistory.seedSize(layout)) / GeneratedHistory.CLUSTER_EVERY, cluster);
  }

  @Test
  void shouldChainThePolicyEventsAsTheSequencerDoesSoAuditVerifyAcceptsThem() {
    List<ChainRecord> records = new ArrayList<>();
    Map<String, Long> generations = new HashMap<>();
    String head = null;
    long offset = 0;
    for (GeneratedHistory.Entry entry : generate(500)) {
      if (entry instanceof GeneratedHistory.Policy policy) {
        String subject = policy.command().getEnvelope().getSubject();
        PolicyEvent event = PolicyChain.append(policy.command(), subject, offset + 1, generations.merge(subject, 1L, Long::sum), head);
        head = event.getEnvelope().getHash();
        records.add(ChainRecord.of(0, offset++, event));
      }
    }
    assertInstanceOf(ChainVerdict.Intact.class, ChainAudit.verify("t", records));
  }

  @Test
  void shouldSpreadChangesOverSeveralActorsAndResources() {
    var actors = new HashSet<String>();
    var subjects = new HashSet<String>();
    for (GeneratedHistory.Entry entry : generate(400)) {
      if (entry instanceof GeneratedHistory.Policy policy) {
        actors.add(policy.command().getEnvelope().getActor());
        subjects.add(policy.command().getEnvelope().getSubject());
      }
    }
    assertEquals(GeneratedHistory.ACTORS.size(), actors.size());
    assertEquals(layout.namespaces() + 2L * layout.services(), subjects.size()); // Sidecars, DestinationRules, VirtualServices
  }

  @Test
  void shouldRefuseFewerEventsThanTheMeshNeedsToRegister() {
    var e = assertThrows(IllegalArgumentException.class, () -> generate(10));
    assertTrue(e.getMessage().startsWith("--events: at least"), e.getMessage());
  }

  private List<GeneratedHistory.Entry> generate(long events) {
    List<GeneratedHistory.Entry> entries = new ArrayList<>();
    new GeneratedHistory(layout, events, END, Duration.ofDays(1)).forEach(entries::add);
    return entries;
  }
}
