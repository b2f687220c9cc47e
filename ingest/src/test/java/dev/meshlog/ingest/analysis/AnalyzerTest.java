package dev.meshlog.ingest.analysis;

import static dev.meshlog.ingest.analysis.Fixtures.delete;
import static dev.meshlog.ingest.analysis.Fixtures.destinationRule;
import static dev.meshlog.ingest.analysis.Fixtures.host;
import static dev.meshlog.ingest.analysis.Fixtures.mesh;
import static dev.meshlog.ingest.analysis.Fixtures.route;
import static dev.meshlog.ingest.analysis.Fixtures.subset;
import static dev.meshlog.ingest.analysis.Fixtures.to;
import static dev.meshlog.ingest.analysis.Fixtures.virtualService;
import static dev.meshlog.ingest.analysis.Fixtures.workload;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meshlog.avro.HttpRouteSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AnalyzerTest {

  private final String reviews = host("reviews");

  @Test
  void shouldSortFindingsByFileThenPathWithNumericIndexes() {
    List<HttpRouteSpec> routes = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      routes.add(route(to(reviews, "v" + i)));
    }
    List<Finding> findings = Analyzer.analyze(List.of(
            new SourcedResource("b.yaml", virtualService("reviews", List.of(reviews), routes.toArray(HttpRouteSpec[]::new))),
            new SourcedResource("a.yaml", destinationRule("reviews", reviews, subset("v1", "version", "v1")))),
        mesh(List.of(), Set.of(reviews)));

    assertEquals("a.yaml", findings.get(0).file());
    List<String> paths = findings.stream().filter(f -> f.file().equals("b.yaml")).map(Finding::path).toList();
    assertEquals(List.of("spec.http[0].route[0].destination.subset", "spec.http[1]", "spec.http[2]",
        "spec.http[2].route[0].destination.subset"), paths.subList(0, 4));
    assertEquals(List.of("spec.http[10]", "spec.http[10].route[0].destination.subset", "spec.http[11]",
        "spec.http[11].route[0].destination.subset"), paths.subList(paths.size() - 4, paths.size()));
  }

  @Test
  void shouldReportOnlyOnCandidatesAndLetThemReplaceOrDeleteMeshResources() {
    MeshView mesh = mesh(List.of(
            virtualService("broken", List.of(host("ratings")), route(to(host("ratings"), "missing"))),
            destinationRule("reviews", reviews, subset("v1", "version", "v1"))),
        Set.of(reviews, host("ratings")), workload("default", "reviews-v1", "app", "reviews", "version", "v1"));

    List<Finding> replaced = Analyzer.analyze(List.of(
        new SourcedResource("vs.yaml", virtualService("reviews", List.of(reviews), route(to(reviews, "v1")))),
        new SourcedResource("dr.yaml", destinationRule("reviews", reviews, subset("v1", "version", "v1"),
            subset("v2", "version", "v1")))), mesh);
    List<Finding> deleted = Analyzer.analyze(List.of(
        new SourcedResource("dr.yaml", delete(Kinds.DESTINATION_RULE, "default", "reviews")),
        new SourcedResource("vs.yaml", virtualService("reviews", List.of(reviews), route(to(reviews, "v1"))))), mesh);

    assertEquals(List.of(), replaced);
    assertEquals(List.of("IST0101 ReferencedResourceNotFound"), deleted.stream().map(Finding::code).toList());
    assertEquals("vs.yaml", deleted.get(0).file());
  }

  @Test
  void shouldReturnNothingForNoCandidates() {
    assertEquals(List.of(), Analyzer.analyze(List.of(), MeshView.empty()));
  }
}
