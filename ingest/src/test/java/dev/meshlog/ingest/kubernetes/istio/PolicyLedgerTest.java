package dev.meshlog.ingest.kubernetes.istio;

import static dev.meshlog.ingest.kubernetes.istio.IstioObjects.virtualService;
import static dev.meshlog.ingest.kubernetes.istio.IstioObjects.weights;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.avro.Operation;
import dev.meshlog.avro.PolicyCommand;
import dev.meshlog.avro.Source;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PolicyLedgerTest {

  private static final Clock CLOCK = Clock.systemUTC();

  private static Conversion.Converted vs(String ns, String name, int v1, int v2) {
    return assertInstanceOf(Conversion.Converted.class, IstioDocuments.convert(virtualService(ns, name, weights(v1, v2)), CLOCK));
  }

  private static LoggedPolicy logged(Conversion.Converted object, Source source) {
    return new LoggedPolicy(object.subject(), object.command().getSpec(), source);
  }

  private static Map<String, LoggedPolicy> log(LoggedPolicy... entries) {
    return java.util.Arrays.stream(entries).collect(java.util.stream.Collectors.toMap(LoggedPolicy::subject, e -> e));
  }

  @Test
  void shouldPublishNothingForObjectsWhoseTypedSpecIsLogged() {
    // Logged from a differently formatted document: the typed specs are equal, so nothing is published.
    PolicyLedger ledger = new PolicyLedger(log(logged(vs("a", "r", 80, 20), Source.CLI)), CLOCK);
    assertEquals(List.of(), ledger.reconcile(List.of(vs("a", "r", 80, 20)), s -> true));
  }

  @Test
  void shouldUpsertAChangedSpecAndDeleteOnlyVanishedKubernetesResourcesInScope() {
    PolicyLedger ledger = new PolicyLedger(log(
        logged(vs("a", "changed", 80, 20), Source.KUBERNETES),
        logged(vs("a", "gone", 80, 20), Source.KUBERNETES),
        logged(vs("a", "from-cli", 80, 20), Source.CLI),
        logged(vs("other", "gone", 80, 20), Source.KUBERNETES),
        logged(vs("a", "invalid-now", 80, 20), Source.KUBERNETES)), CLOCK);
    Conversion refused = IstioDocuments.convert(virtualService("a", "invalid-now", weights(120, -20)), CLOCK);

    List<PolicyCommand> commands = ledger.reconcile(List.of(vs("a", "changed", 50, 50), vs("a", "new", 10, 90), refused),
        subject -> subject.split("/")[1].equals("a"));

    assertEquals(List.of("UPSERT VirtualService/a/changed", "UPSERT VirtualService/a/new", "DELETE VirtualService/a/gone"),
        commands.stream().map(c -> c.getOperation() + " " + c.getEnvelope().getSubject()).toList());
    PolicyCommand delete = commands.get(2);
    assertEquals(Source.KUBERNETES, delete.getEnvelope().getSource());
    assertEquals("kubernetes", delete.getEnvelope().getActor());
    assertTrue(delete.getEnvelope().getReason().contains("while ingest was down"));
  }

  @Test
  void shouldNotPublishTwiceWhatWasPublishedButNotYetLogged() {
    PolicyLedger ledger = new PolicyLedger(Map.of(), CLOCK);
    PolicyCommand first = ledger.upsertIfChanged(vs("a", "r", 80, 20)).orElseThrow();
    ledger.recordPublished(List.of(first));

    assertTrue(ledger.upsertIfChanged(vs("a", "r", 80, 20)).isEmpty(), "a resync replays the same object");
    assertEquals(List.of(), ledger.reconcile(List.of(vs("a", "r", 80, 20)), s -> true));
    assertTrue(ledger.upsertIfChanged(vs("a", "r", 70, 30)).isPresent());

    PolicyCommand delete = ledger.deleteIfPresent("VirtualService/a/r", ObjectAttribution.ofDeletionWhileDown()).orElseThrow();
    assertEquals(Operation.DELETE, delete.getOperation());
    ledger.recordPublished(List.of(delete));
    assertTrue(ledger.deleteIfPresent("VirtualService/a/r", ObjectAttribution.ofDeletionWhileDown()).isEmpty(), "deleted once");
  }
}
