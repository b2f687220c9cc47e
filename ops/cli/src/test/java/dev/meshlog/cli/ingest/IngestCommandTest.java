package dev.meshlog.cli.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.cli.Meshlog;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class IngestCommandTest {

  private static String[] run(String... args) {
    StringWriter err = new StringWriter();
    int code = Meshlog.commandLine().setOut(new PrintWriter(new StringWriter(), true)).setErr(new PrintWriter(err, true)).execute(args);
    return new String[] {String.valueOf(code), err.toString()};
  }

  @Test
  void shouldRefuseToRunWithoutASource() {
    String[] result = run("ingest", "--bootstrap", "127.0.0.1:1");
    assertEquals("2", result[0]);
    assertTrue(result[1].startsWith("give --kubernetes, --registry FILE, or both"), result[1]);
  }

  @Test
  void shouldRefuseKubernetesOptionsWithoutKubernetes() {
    String[] result = run("ingest", "--registry", "r.yaml", "--namespace", "shop", "--bootstrap", "127.0.0.1:1");
    assertEquals("2", result[0]);
    assertTrue(result[1].startsWith("--kubeconfig and --namespace need --kubernetes"), result[1]);
  }

  @Test
  void shouldRefuseABadRegistryFileBeforeConnectingToKafka() {
    String[] result = run("ingest", "--registry", "/nonexistent/registry.yaml", "--bootstrap", "127.0.0.1:1");
    assertEquals("1", result[0]);
    assertTrue(result[1].startsWith("error: /nonexistent/registry.yaml: : cannot read the file"), result[1]);
    assertTrue(result[1].contains("/nonexistent/registry.yaml: refused, nothing published"), result[1]);
  }
}
