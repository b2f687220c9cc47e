package dev.meshlog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code meshlog analyze --no-mesh}: the files alone, no Kafka involved. */
class AnalyzeCommandTest {

  private static final String DIR = "src/test/resources/policies/";

  @Test
  void shouldReportARouteToAnUndefinedSubsetAsAnErrorAndExit1() {
    CliRun run = CliRun.of("analyze", "--no-mesh", "-f", DIR + "analyze/route-to-undefined-subset.yaml");
    assertEquals(1, run.exitCode(), run.toString());
    assertTrue(run.out().contains("Error [IST0101] (VirtualService default/reviews " + DIR + "analyze/route-to-undefined-subset.yaml "
        + "spec.http[0].route[0].destination.subset) Referenced subset not found: \"v3\""), run.out());
    assertTrue(run.err().contains("Error: Analyzers found issues when analyzing"), run.err());
  }

  @Test
  void shouldAnalyzeFilesTogetherSoARouteMayUseSubsetsOfAnotherFile() {
    CliRun run = CliRun.of("analyze", "--no-mesh", "-f", DIR + "analyze/reviews-subsets.yaml", DIR + "analyze/route-to-defined-subsets.yaml");
    assertEquals(0, run.exitCode(), "warnings only: " + run);
    assertTrue(run.out().contains("Warning [IST0101]"), "no services without a mesh, so hosts are unknown: " + run.out());
    assertTrue(!run.out().contains("Error"), run.out());
  }

  @Test
  void shouldSaySoWhenThereIsNothingToReport() {
    CliRun run = CliRun.of("analyze", "--no-mesh", "-f", DIR + "analyze/mesh-wide-strict-mtls.yaml");
    assertEquals(0, run.exitCode(), run.toString());
    assertEquals("No validation issues found when analyzing " + DIR + "analyze/mesh-wide-strict-mtls.yaml.\n", run.out());
  }

  @Test
  void shouldReportUnreadableDocumentsWithFileAndFieldAsErrors() {
    CliRun run = CliRun.of("analyze", "--no-mesh", "-f", DIR + "bad/negative-weight.yaml");
    assertEquals(1, run.exitCode(), run.toString());
    assertTrue(run.out().contains("Error [IST0106] (" + DIR + "bad/negative-weight.yaml spec.http[0].route[1].weight) Schema validation error: "),
        run.out());
  }

  @Test
  void shouldRefuseContradictoryMeshOptions() {
    CliRun run = CliRun.of("analyze", "--no-mesh", "--use-mesh", "-f", DIR + "analyze/reviews-subsets.yaml");
    assertEquals(1, run.exitCode(), run.toString());
    assertEquals("meshlog analyze: --use-mesh and --no-mesh exclude each other\n", run.err());
  }
}
