package dev.meshlog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meshlog.ingest.analysis.Finding;
import dev.meshlog.ingest.analysis.Severity;
import dev.meshlog.ingest.policy.ValidationError;
import org.junit.jupiter.api.Test;

class FindingLinesTest {

  @Test
  void shouldPrintAFindingAsIstioctlAnalyzeDoes() {
    Finding finding = new Finding(Severity.ERROR, "IST0101 ReferencedResourceNotFound", "VirtualService/default/reviews",
        "reviews.yaml", "spec.http[0].route[0].destination.subset", "Referenced subset not found: \"v3\"");
    assertEquals("Error [IST0101] (VirtualService default/reviews reviews.yaml spec.http[0].route[0].destination.subset) "
        + "Referenced subset not found: \"v3\"", FindingLines.of(finding));
  }

  @Test
  void shouldLeaveOutAnEmptyPathAndCapitalizeTheSeverity() {
    Finding finding = new Finding(Severity.WARNING, "MSH0004 AllowNothing", "AuthorizationPolicy/prod/deny", "mesh", "", "Allows nothing");
    assertEquals("Warning [MSH0004] (AuthorizationPolicy prod/deny mesh) Allows nothing", FindingLines.of(finding));
    assertEquals("Info", FindingLines.severity(Severity.INFO));
  }

  @Test
  void shouldReportAnUnreadableDocumentAsASchemaValidationError() {
    assertEquals("Error [IST0106] (bad.yaml spec.http[0].route[1].weight) Schema validation error: must be >= 0 (was -10)",
        FindingLines.of(new ValidationError("bad.yaml", "spec.http[0].route[1].weight", "must be >= 0 (was -10)")));
  }
}
