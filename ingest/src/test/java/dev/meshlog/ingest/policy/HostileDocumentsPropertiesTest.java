package dev.meshlog.ingest.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.meshlog.avro.PolicyCommand;
import java.time.Duration;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever text a user or an attacker hands to {@code meshlog apply}: the reader returns commands that the typed
 * validator accepts, or a refusal whose every error names the file and says why. It never throws anything else
 * and never hangs (the timeout is a hang detector, not a performance claim).
 */
class HostileDocumentsPropertiesTest {

  private static final Duration HANG = Duration.ofSeconds(30);

  @Provide
  Arbitrary<String> hostile() {
    return HostileDocuments.documents();
  }

  @Property(tries = 300)
  void shouldAcceptOrRefuseWithAReasonNeverThrowOrHang(@ForAll("hostile") String text) {
    ParseResult result = assertTimeoutPreemptively(HANG,
        () -> PolicyDocuments.parse("hostile.yaml", text, Documents.WHO, Documents.CLOCK));
    assertWellFormed(result, "hostile.yaml");
  }

  @Property(tries = 100)
  void shouldReadDeletesOfHostileTextTheSameWay(@ForAll("hostile") String text) {
    ParseResult result = assertTimeoutPreemptively(HANG,
        () -> PolicyDocuments.parseDeletes("hostile.yaml", text, Documents.WHO, Documents.CLOCK));
    assertWellFormed(result, "hostile.yaml");
  }

  static void assertWellFormed(ParseResult result, String file) {
    assertNotNull(result);
    if (result instanceof ParseResult.Parsed parsed) {
      assertFalse(parsed.commands().isEmpty());
      for (PolicyCommand command : parsed.commands()) {
        assertEquals(List.of(), PolicyValidator.validate(command), "a parsed command must pass the typed validator");
      }
      return;
    }
    for (ValidationError error : ((ParseResult.Refused) result).errors()) {
      assertEquals(file, error.file());
      assertNotNull(error.path());
      assertFalse(error.reason() == null || error.reason().isBlank(), () -> "an error without a reason: " + error);
      assertFalse(error.reason().contains("\n") || error.path().contains("\n"), () -> "an error must be one line: " + error);
    }
  }
}
