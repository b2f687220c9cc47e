package dev.meshlog.ingest.analysis;

import static dev.meshlog.ingest.analysis.Fixtures.labels;
import static dev.meshlog.ingest.analysis.Fixtures.peerAuthentication;
import static dev.meshlog.ingest.analysis.Fixtures.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meshlog.avro.MtlsMode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PortLevelMtlsCheckTest {

  private final Check check = new PortLevelMtlsCheck();

  @Test
  void shouldReportPortLevelMtlsWithoutSelector() {
    List<Finding> findings = run(check, MeshView.empty(),
        peerAuthentication("default", "default", labels(), Map.of("8080", MtlsMode.DISABLE)),
        peerAuthentication("default", "reviews", labels("app", "reviews"), Map.of("8080", MtlsMode.DISABLE)));

    assertEquals(1, findings.size());
    assertEquals("IST0167 IneffectivePolicy", findings.get(0).code());
    assertEquals("PeerAuthentication/default/default", findings.get(0).subject());
    assertEquals("spec.portLevelMtls", findings.get(0).path());
  }
}
