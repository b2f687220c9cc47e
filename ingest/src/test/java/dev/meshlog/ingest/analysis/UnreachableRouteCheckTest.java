package dev.meshlog.ingest.analysis;

import static dev.meshlog.ingest.analysis.Fixtures.header;
import static dev.meshlog.ingest.analysis.Fixtures.host;
import static dev.meshlog.ingest.analysis.Fixtures.prefix;
import static dev.meshlog.ingest.analysis.Fixtures.route;
import static dev.meshlog.ingest.analysis.Fixtures.run;
import static dev.meshlog.ingest.analysis.Fixtures.to;
import static dev.meshlog.ingest.analysis.Fixtures.uri;
import static dev.meshlog.ingest.analysis.Fixtures.virtualService;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meshlog.avro.HttpMatchRequest;
import dev.meshlog.avro.L4MatchAttributes;
import dev.meshlog.avro.MatchKind;
import dev.meshlog.avro.PolicyCommand;
import dev.meshlog.avro.TcpRouteSpec;
import dev.meshlog.avro.VirtualServiceSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class UnreachableRouteCheckTest {

  private final Check check = new UnreachableRouteCheck();
  private final String reviews = host("reviews");

  @Test
  void shouldReportEveryRuleAfterARuleWithoutMatch() {
    List<Finding> findings = run(check, MeshView.empty(), virtualService("reviews", List.of(reviews),
        route(List.of(header("end-user", "jason")), to(reviews, "v2")),
        route(to(reviews, "v1")),
        route(List.of(prefix("/api")), to(reviews, "v3")),
        route(to(reviews, "v1"))));

    assertEquals(List.of("spec.http[2]", "spec.http[3]"), findings.stream().map(Finding::path).toList());
    assertEquals("IST0130 VirtualServiceUnreachableRule", findings.get(0).code());
    assertEquals(Severity.WARNING, findings.get(0).severity());
  }

  @Test
  void shouldTreatSlashPrefixMatchAsCatchAll() {
    List<Finding> findings = run(check, MeshView.empty(), virtualService("reviews", List.of(reviews),
        route(List.of(header("x-canary", "1"), prefix("/")), to(reviews, "v2")),
        route(List.of(prefix("/api")), to(reviews, "v1"))));

    assertEquals(List.of("spec.http[1]"), findings.stream().map(Finding::path).toList());
  }

  @Test
  void shouldNotTreatExactSlashOrOtherPrefixesAsCatchAll() {
    List<Finding> findings = run(check, MeshView.empty(), virtualService("reviews", List.of(reviews),
        route(List.of(uri(MatchKind.EXACT, "/")), to(reviews, "v2")),
        route(List.of(prefix("/a")), to(reviews, "v2")),
        route(to(reviews, "v1"))));

    assertEquals(List.of(), findings);
  }

  @Test
  void shouldReportRuleWhoseMatchesAllRepeatEarlierOnesAndSingleRepeatedMatches() {
    HttpMatchRequest named = HttpMatchRequest.newBuilder(prefix("/api")).setName("api").build();
    List<Finding> findings = run(check, MeshView.empty(), virtualService("reviews", List.of(reviews),
        route(List.of(prefix("/api"), prefix("/v1")), to(reviews, "v1")),
        route(List.of(named), to(reviews, "v2")),
        route(List.of(prefix("/v2"), prefix("/v1")), to(reviews, "v3")),
        route(to(reviews, "v1"))));

    assertEquals(List.of("spec.http[1]", "spec.http[2].match[1]"), findings.stream().map(Finding::path).toList());
    assertEquals("IST0130 VirtualServiceUnreachableRule", findings.get(0).code());
    assertEquals("IST0131 VirtualServiceIneffectiveMatch", findings.get(1).code());
    assertEquals(Severity.INFO, findings.get(1).severity());
  }

  @Test
  void shouldReportTcpRuleAfterTcpRuleWithoutMatch() {
    PolicyCommand vs = virtualService("db", List.of(host("db")));
    ((VirtualServiceSpec) vs.getSpec()).setTcp(List.of(
        TcpRouteSpec.newBuilder().setRoute(List.of(to(host("db")))).build(),
        TcpRouteSpec.newBuilder().setMatch(List.of(L4MatchAttributes.newBuilder().setPort(5432).build()))
            .setRoute(List.of(to(host("db")))).build()));

    List<Finding> findings = run(check, MeshView.empty(), vs);

    assertEquals(List.of("spec.tcp[1]"), findings.stream().map(Finding::path).toList());
  }
}
