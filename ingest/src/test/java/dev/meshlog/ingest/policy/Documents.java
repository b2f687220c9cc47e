package dev.meshlog.ingest.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.meshlog.avro.PolicyCommand;
import dev.meshlog.avro.Source;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/** Test helpers: parse YAML text or a fixture, and find errors by path. */
final class Documents {

  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-02T03:04:05.678Z"), ZoneOffset.UTC);
  static final Attribution WHO = new Attribution("cli:alice", "test", Source.CLI);

  private Documents() {}

  static String fixture(String name) {
    try (InputStream in = Documents.class.getResourceAsStream("/policies/kinds/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Parses {@code yaml}, failing the test on a refusal; every command also passes the typed validator. */
  static List<PolicyCommand> parsed(String yaml) {
    ParseResult result = PolicyDocuments.parse("test.yaml", yaml, WHO, CLOCK);
    if (result instanceof ParseResult.Refused refused) {
      fail("refused: " + refused.errors());
    }
    List<PolicyCommand> commands = ((ParseResult.Parsed) result).commands();
    commands.forEach(command -> assertEquals(List.of(), PolicyValidator.validate(command), "the validator disagrees"));
    return commands;
  }

  static PolicyCommand parsedOne(String yaml) {
    return single(parsed(yaml));
  }

  /** The errors of refusing {@code yaml}; each names {@code file}. */
  static List<ValidationError> refused(String file, String yaml) {
    ParseResult result = PolicyDocuments.parse(file, yaml, WHO, CLOCK);
    List<ValidationError> errors = assertInstanceOf(ParseResult.Refused.class, result, () -> "expected a refusal of " + yaml).errors();
    errors.forEach(error -> assertEquals(file, error.file()));
    return errors;
  }

  /** The single error of refusing {@code yaml}, asserting its path and that its reason contains {@code reason}. */
  static ValidationError refusedAt(String yaml, String path, String reason) {
    ValidationError error = at(refused("bad.yaml", yaml), path);
    assertTrue(error.reason().contains(reason), () -> "reason of " + error + " lacks '" + reason + "'");
    return error;
  }

  static <T> T single(List<T> items) {
    assertEquals(1, items.size(), items::toString);
    return items.get(0);
  }

  static ValidationError at(List<ValidationError> errors, String path) {
    return errors.stream().filter(e -> e.path().equals(path)).findFirst()
        .orElseThrow(() -> new AssertionError("no error at " + path + " in " + errors));
  }
}
