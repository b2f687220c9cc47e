package dev.meshlog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.kafka.local.KafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code history} against a running engine: two applies by different people and a delete show up
 * as three entries, in order, attributed, with a diff naming what changed; filters narrow them.
 */
@ExtendWith(KafkaBroker.class)
class HistoryIT {

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

  private Path policies(String subset) throws Exception {
    return Files.writeString(dir.resolve(subset + ".yaml"), """
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata:
          name: reviews
          namespace: default
        spec:
          host: reviews
          subsets:
          - name: v1
            labels:
              version: v1
          - name: v2
            labels:
              version: v2
        ---
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata:
          name: reviews
          namespace: default
        spec:
          hosts:
          - reviews
          http:
          - route:
            - destination:
                host: reviews
                subset: %s
        """.formatted(subset));
  }

  private void ok(CliRun run) {
    assertEquals(0, run.exitCode(), run.toString());
  }

  /** The heading lines (those not indented as diff lines). */
  private static List<String> headings(CliRun run) {
    return run.out().lines().filter(line -> !line.startsWith(" ")).toList();
  }

  @Test
  void shouldListEveryChangeOfAResourceWithWhoWhyAndWhatChanged() throws Exception {
    ok(mesh.cli("apply", "-f", policies("v1").toString(), "--actor", "alice", "--reason", "route to v1", "--wait", "30s"));
    ok(mesh.cli("apply", "-f", policies("v2").toString(), "--actor", "bob", "--reason", "promote v2", "--wait", "30s"));
    ok(mesh.cli("delete", "vs/default/reviews", "--actor", "carol", "--reason", "retire", "--wait", "30s"));

    CliRun history = mesh.cli("history", "vs/default/reviews");
    ok(history);
    List<String> entries = headings(history);
    assertEquals(3, entries.size(), history.out());
    assertTrue(entries.get(0).contains("  upsert  VirtualService/default/reviews  actor=alice  source=CLI  reason=route to v1"), history.out());
    assertTrue(entries.get(1).contains("  upsert  VirtualService/default/reviews  actor=bob  source=CLI  reason=promote v2"), history.out());
    assertTrue(entries.get(2).contains("  delete  VirtualService/default/reviews  actor=carol  source=CLI  reason=retire"), history.out());
    String second = history.out().substring(history.out().indexOf(entries.get(1)), history.out().indexOf(entries.get(2)));
    assertTrue(second.lines().anyMatch(l -> l.startsWith("    -") && l.contains("subset: v1")), second);
    assertTrue(second.lines().anyMatch(l -> l.startsWith("    +") && l.contains("subset: v2")), second);
    assertTrue(!history.out().contains("DestinationRule"), "only the resource asked for: " + history.out());

    CliRun byBob = mesh.cli("history", "VirtualService/default/reviews", "--actor", "bob");
    ok(byBob);
    assertEquals(1, headings(byBob).size(), byBob.out());
    assertTrue(headings(byBob).get(0).contains("actor=bob"), byBob.out());

    String secondTime = entries.get(1).substring(0, entries.get(1).indexOf(' '));
    CliRun since = mesh.cli("history", "virtualservices/default/reviews", "--since", secondTime);
    ok(since);
    assertEquals(List.of("bob", "carol"), headings(since).stream()
        .map(l -> l.substring(l.indexOf("actor=") + 6, l.indexOf("  source="))).toList(), since.out());
    CliRun recent = mesh.cli("history", "--since", "1h ago", "--actor", "alice");
    ok(recent);
    assertTrue(headings(recent).size() >= 1 && headings(recent).stream().allMatch(l -> l.contains("actor=alice")), recent.out());
  }

  @Test
  void shouldRefuseBadInputWithOneLineAndExitTwo() {
    CliRun kind = mesh.cli("history", "gateways/default/x");
    assertEquals(2, kind.exitCode(), kind.toString());
    assertTrue(kind.err().startsWith("meshlog history: KIND/NS/NAME: unknown kind 'gateways'"), kind.err());
    assertEquals(1, kind.err().lines().count(), kind.err());

    CliRun time = mesh.cli("history", "--since", "yesterday");
    assertEquals(2, time.exitCode(), time.toString());
    assertTrue(time.err().startsWith("meshlog history: --since: "), time.err());
    assertEquals(1, time.err().lines().count(), time.err());
  }
}
