package dev.meshlog.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The one rule for {@code --instance-id} of the engine and the pipeline: what a StatefulSet pod name may be. */
class GroupInstanceIdTest {

  @Test
  void shouldAcceptPodNamesUpToTheLimit() {
    assertEquals("meshlog-engine-0", GroupInstanceId.check("meshlog-engine-0"));
    assertEquals("a.b_c-1", GroupInstanceId.check("a.b_c-1"));
    assertEquals("x".repeat(200), GroupInstanceId.check("x".repeat(200)));
  }

  @Test
  void shouldSayWhatIsWrongWithABadId() {
    assertEquals("instance id must not be empty", refusal(""));
    assertEquals("instance id must be at most 200 characters, got 201", refusal("x".repeat(201)));
    assertEquals("instance id may only contain letters, digits, '.', '_' and '-', got 'engine 0'", refusal("engine 0"));
    assertEquals("instance id may only contain letters, digits, '.', '_' and '-', got 'engine/0'", refusal("engine/0"));
  }

  private static String refusal(String id) {
    return assertThrows(IllegalArgumentException.class, () -> GroupInstanceId.check(id)).getMessage();
  }
}
