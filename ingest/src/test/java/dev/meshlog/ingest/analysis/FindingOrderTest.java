package dev.meshlog.ingest.analysis;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FindingOrderTest {

  @Test
  void shouldCompareIndexesAsNumbers() {
    assertTrue(FindingOrder.comparePaths("spec.http[2]", "spec.http[10]") < 0);
    assertTrue(FindingOrder.comparePaths("spec.http[10].route[0]", "spec.http[2]") > 0);
    assertTrue(FindingOrder.comparePaths("spec.http[1]", "spec.http[1].match[0]") < 0);
    assertTrue(FindingOrder.comparePaths("", "spec") < 0);
  }
}
