package dev.meshlog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.kafka.local.KafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code get} and {@code delete} against a running engine: what get shows is what the sequencer
 * accepted, and a delete goes through the sequencer too (so deleting nothing is refused there).
 * Each test works in its own namespace, so the tests share one mesh without seeing each other.
 */
@ExtendWith(KafkaBroker.class)
class PolicyResourcesIT {

  private static MeshUnderTest mesh;

  @TempDir
  Path dir;

  @BeforeAll
  static void startMesh() throws Exception {
    mesh = new MeshUnderTest();
  }

  @AfterAll
  static void stopMesh() {
    if (mesh != null) {
      mesh.close();
    }
  }

  /** A DestinationRule and a VirtualService for reviews in {@code namespace}. */
  private Path policies(String namespace) throws Exception {
    return Files.writeString(dir.resolve(namespace + ".yaml"), """
        # reviews in %1$s
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata:
          name: reviews
          namespace: %1$s
        spec:
          host: reviews
          subsets:
          - name: v1
            labels:
              version: v1
        ---
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata:
          name: reviews
          namespace: %1$s
        spec:
          hosts:
          - reviews
          http:
          - route:
            - destination:
                host: reviews
                subset: v1
        """.formatted(namespace));
  }

  private void apply(Path file) {
    CliRun run = mesh.cli("apply", "-f", file.toString(), "--actor", "test:get", "--wait", "30s");
    assertEquals(0, run.exitCode(), run.toString());
    assertTrue(run.out().contains("VirtualService/" + file.getFileName().toString().replace(".yaml", "") + "/reviews accepted"), run.out());
  }

  @Test
  void shouldGetAppliedResourcesAsTheirOriginalDocumentsAndByName() throws Exception {
    apply(policies("get"));

    CliRun yaml = mesh.cli("get", "vs", "-n", "get", "-o", "yaml");
    assertEquals(0, yaml.exitCode(), yaml.toString());
    assertTrue(yaml.out().startsWith("apiVersion: networking.istio.io/v1\nkind: VirtualService\n"), yaml.out());
    assertTrue(yaml.out().contains("        subset: v1\n"), "the document as applied: " + yaml.out());
    assertFalse(yaml.out().contains("DestinationRule"), "only the kind asked for: " + yaml.out());

    CliRun all = mesh.cli("get", "all", "-n", "get");
    assertEquals(0, all.exitCode(), all.toString());
    assertTrue(all.out().contains("kind: VirtualService") && all.out().contains("kind: DestinationRule"), all.out());
    assertTrue(all.out().contains("\n---\n"), "documents separated by ---: " + all.out());

    CliRun names = mesh.cli("get", "ALL", "-A", "-o", "name");
    assertEquals(0, names.exitCode(), names.toString());
    assertTrue(names.out().contains("VirtualService/get/reviews\n"), names.out());
    assertTrue(names.out().contains("DestinationRule/get/reviews\n"), names.out());
    assertTrue(names.out().indexOf("VirtualService/get/reviews") < names.out().indexOf("DestinationRule/get/reviews"),
        "kinds in Istio's order: " + names.out());

    CliRun one = mesh.cli("get", "destinationrules", "get/reviews", "-o", "name");
    assertEquals("DestinationRule/get/reviews\n", one.out(), one.toString());
  }

  @Test
  void shouldNotGetADeletedResource() throws Exception {
    apply(policies("del"));
    CliRun delete = mesh.cli("delete", "VirtualService/del/reviews", "--reason", "retire", "--actor", "test:delete", "--wait", "30s");
    assertEquals(0, delete.exitCode(), delete.toString());
    assertTrue(delete.out().contains("VirtualService/del/reviews deleted (sequence "), delete.out());

    CliRun gone = mesh.cli("get", "vs", "del/reviews");
    assertEquals(1, gone.exitCode(), gone.toString());
    assertEquals("meshlog get: VirtualService/del/reviews not found\n", gone.err());
    CliRun rest = mesh.cli("get", "all", "-n", "del", "-o", "name");
    assertEquals("DestinationRule/del/reviews\n", rest.out(), rest.toString());
  }

  @Test
  void shouldDeleteEveryResourceOfAFile() throws Exception {
    Path file = policies("delfile");
    apply(file);
    CliRun delete = mesh.cli("delete", "-f", file.toString(), "--reason", "cleanup", "--wait", "30s");
    assertEquals(0, delete.exitCode(), delete.toString());
    assertTrue(delete.out().contains("DestinationRule/delfile/reviews deleted"), delete.out());
    assertTrue(delete.out().contains("VirtualService/delfile/reviews deleted"), delete.out());
    CliRun none = mesh.cli("get", "all", "-n", "delfile");
    assertEquals(0, none.exitCode(), none.toString());
    assertEquals("", none.out());
    assertEquals("No resources found in delfile namespace.\n", none.err());
  }

  @Test
  void shouldShowTheSequencersRefusalToDeleteWhatDoesNotExist() {
    CliRun delete = mesh.cli("delete", "vs/default/never-applied", "--reason", "oops", "--wait", "30s");
    assertEquals(1, delete.exitCode(), delete.toString());
    assertTrue(delete.err().contains("VirtualService/default/never-applied rejected: "), delete.err());
    assertTrue(delete.err().contains("not found: there is no VirtualService/default/never-applied to delete"), delete.err());
  }

  @Test
  void shouldRefuseBadInputWithoutPublishing() throws Exception {
    CliRun noReason = mesh.cli("delete", "vs/default/reviews");
    assertTrue(noReason.exitCode() != 0 && noReason.err().contains("--reason"), noReason.toString());

    CliRun badRef = mesh.cli("delete", "vs/reviews", "--reason", "x");
    assertEquals(1, badRef.exitCode(), badRef.toString());
    assertTrue(badRef.err().contains("expected KIND/NAMESPACE/NAME"), badRef.err());

    Path bad = Files.writeString(dir.resolve("bad.yaml"), "kind: Gateway\nmetadata:\n  name: gw\n");
    CliRun badFile = mesh.cli("delete", "-f", bad.toString(), "--reason", "x");
    assertEquals(1, badFile.exitCode(), badFile.toString());
    assertTrue(badFile.err().contains("error: " + bad + ": kind: "), "names file and field: " + badFile.err());
    assertTrue(badFile.err().contains("Gateway"), "and the reason: " + badFile.err());
    assertTrue(badFile.err().contains("refused, nothing published"), badFile.err());

    CliRun badKind = mesh.cli("get", "gateways");
    assertEquals(1, badKind.exitCode(), badKind.toString());
    assertTrue(badKind.err().startsWith("meshlog get: unknown kind 'gateways'"), badKind.err());
  }
}
