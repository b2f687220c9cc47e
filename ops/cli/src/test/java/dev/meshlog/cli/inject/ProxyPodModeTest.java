package dev.meshlog.cli.inject;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.cli.Meshlog;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** {@code meshlog proxy}'s two ways to learn who it is, and the errors before anything starts. */
class ProxyPodModeTest {

  @Test
  void shouldAskForIdAndServiceOrPodMode() {
    StringWriter err = new StringWriter();
    int code = Meshlog.commandLine().setErr(new PrintWriter(err, true)).execute("proxy", "--bootstrap", "127.0.0.1:1");

    assertEquals(2, code);
    assertTrue(err.toString().contains("--id and --service are required (or --pod in an injected pod)"), err.toString());
  }

  @Test
  void shouldNameTheMissingDownwardApiVariableInPodMode() {
    // This test JVM is not in a pod: POD_NAME is not set.
    StringWriter err = new StringWriter();
    int code = Meshlog.commandLine().setErr(new PrintWriter(err, true)).execute("proxy", "--pod", "--bootstrap", "127.0.0.1:1");

    assertEquals(2, code);
    assertTrue(err.toString().contains("--pod: POD_NAME: not set"), err.toString());
  }
}
