package dev.meshlog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.kafka.local.KafkaBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code meshlog analyze} and {@code apply --dry-run} against a running mesh: the subsets already
 * in force and the services the sidecars registered count, so a route is judged in context.
 */
@ExtendWith(KafkaBroker.class)
class AnalyzeIT {

  private static final String DIR = "src/test/resources/policies/analyze/";
  private static MeshUnderTest mesh;

  @BeforeAll
  static void startMeshWithReviewsSubsets() throws Exception {
    mesh = new MeshUnderTest();
    CliRun apply = mesh.apply(DIR + "reviews-subsets.yaml", "subsets first");
    assertEquals(0, apply.exitCode(), apply.toString());
    assertTrue(apply.out().contains("DestinationRule/default/reviews accepted"), apply.out());
  }

  @AfterAll
  static void stopMesh() {
    if (mesh != null) {
      mesh.close();
    }
  }

  @Test
  void shouldReportARouteToASubsetTheMeshDoesNotDefine() {
    CliRun run = mesh.cli("analyze", "-f", DIR + "route-to-undefined-subset.yaml");
    assertEquals(1, run.exitCode(), run.toString());
    assertEquals("Error [IST0101] (VirtualService default/reviews " + DIR + "route-to-undefined-subset.yaml "
        + "spec.http[0].route[0].destination.subset) Referenced subset not found: \"v3\": no DestinationRule for host "
        + "reviews.default.svc.cluster.local defines it, so requests routed here fail\n", run.out());
  }

  @Test
  void shouldFindNothingWrongWithARouteToSubsetsInForce() {
    CliRun run = mesh.cli("analyze", "--use-mesh", "-f", DIR + "route-to-defined-subsets.yaml");
    assertEquals(0, run.exitCode(), run.toString());
    assertEquals("No validation issues found when analyzing " + DIR + "route-to-defined-subsets.yaml.\n", run.out());

    CliRun alone = mesh.cli("analyze", "--no-mesh", "-f", DIR + "route-to-defined-subsets.yaml");
    assertEquals(1, alone.exitCode(), "without the mesh the subsets are unknown: " + alone);
  }

  @Test
  void shouldPrintFindingsOnDryRunWithoutPublishing() {
    CliRun run = mesh.cli("apply", "--dry-run", "-f", DIR + "route-to-undefined-subset.yaml");
    assertEquals(0, run.exitCode(), "findings inform, the engine would accept it: " + run);
    assertTrue(run.out().startsWith("VirtualService/default/reviews valid (dry run)\nError [IST0101] (VirtualService default/reviews "),
        run.out());
    CliRun get = mesh.cli("get", "vs", "-o", "name");
    assertEquals("", get.out(), "nothing published: " + get);
  }
}
