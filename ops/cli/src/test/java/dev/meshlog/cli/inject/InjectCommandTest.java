package dev.meshlog.cli.inject;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.cli.Meshlog;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InjectCommandTest {

  @TempDir Path dir;

  @Test
  void shouldWriteTheInjectedFileAndReportEachTemplate() throws IOException {
    Path in = Files.writeString(dir.resolve("deploy.yaml"), Manifests.fixture("reviews.yaml"));
    Path out = dir.resolve("injected.yaml");

    Run run = run("inject", "-f", in.toString(), "-o", out.toString(), "--image", "example/meshlog:2");

    assertEquals(0, run.code, run.err);
    String written = Files.readString(out);
    assertTrue(written.contains("image: \"example/meshlog:2\"") || written.contains("image: example/meshlog:2"), written);
    assertTrue(run.err.contains("document 2 (Deployment reviews-v1): injected"), run.err);
    assertEquals("", run.out, "with -o nothing goes to standard output");
  }

  @Test
  void shouldNameTheFileDocumentAndFieldOfBadInputAndWriteNothing() throws IOException {
    Path in = Files.writeString(dir.resolve("bad.yaml"), Manifests.fixture("pods.yaml")
        + "---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: broken\nspec:\n  replicas: 1\n");
    Path out = dir.resolve("out.yaml");

    Run run = run("inject", "-f", in.toString(), "-o", out.toString());

    assertEquals(1, run.code);
    assertEquals("meshlog inject: " + in + ": document 5 (Deployment broken): spec.template: missing", run.err.strip());
    assertFalse(Files.exists(out), "nothing written");
  }

  @Test
  void shouldRejectDocumentsWithoutAKindOrWithInvalidYaml() throws IOException {
    Path noKind = Files.writeString(dir.resolve("nokind.yaml"), "apiVersion: v1\nmetadata:\n  name: x\n");
    Path invalid = Files.writeString(dir.resolve("invalid.yaml"), "kind: Pod\n---\nkind: [unclosed\n");
    Path noContainers = Files.writeString(dir.resolve("empty.yaml"), "kind: Pod\nmetadata:\n  name: p\nspec:\n  containers: []\n");

    assertEquals("meshlog inject: " + noKind + ": document 1: kind: missing", run("inject", "-f", noKind.toString()).err.strip());
    Run bad = run("inject", "-f", invalid.toString());
    assertEquals(1, bad.code);
    assertTrue(bad.err.startsWith("meshlog inject: " + invalid + ": document 2: not valid YAML"), bad.err);
    assertEquals("meshlog inject: " + noContainers + ": document 1 (Pod p): spec.containers: a pod needs at least one container",
        run("inject", "-f", noContainers.toString()).err.strip());
    Run missing = run("inject", "-f", dir.resolve("absent.yaml").toString());
    assertEquals(1, missing.code);
    assertTrue(missing.err.contains("absent.yaml: cannot read"), missing.err);
  }

  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Meshlog.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(args);
    return new Run(code, out.toString(), err.toString());
  }
}
