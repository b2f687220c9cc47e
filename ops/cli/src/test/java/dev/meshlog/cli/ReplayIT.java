package dev.meshlog.cli;

import static dev.meshlog.cli.replay.ReplayFixtures.REVIEWS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshlog.avro.ProxyAck;
import dev.meshlog.kafka.local.KafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code replay} against a running engine and real sidecars: rebuilt from the log alone, the mesh at a past moment has,
 * for every proxy, exactly the version and hash that proxy had ACKed by then; {@code diff} names what changed between
 * two moments and which proxies it reached.
 */
@ExtendWith(KafkaBroker.class)
class ReplayIT {

  private static final ObjectMapper JSON = new ObjectMapper();
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

  private Path reviews(int v1, int v2) throws Exception {
    return Files.writeString(dir.resolve("reviews-" + v1 + ".yaml"), REVIEWS.formatted(v1, v2));
  }

  @Test
  void shouldReplayForEveryProxyExactlyTheVersionAndHashItHadAckedAtEachPoint() throws Exception {
    CliRun first = mesh.apply(reviews(90, 10).toString(), "canary 10%");
    assertEquals(0, first.exitCode(), first.toString());
    Map<String, ProxyAck> acked1 = MeshSync.awaitAcked(mesh, MeshSync.clientWeights(90, 10));
    Instant t1 = Instant.now();

    CliRun second = mesh.apply(reviews(20, 80).toString(), "canary 80%");
    assertEquals(0, second.exitCode(), second.toString());
    Map<String, ProxyAck> acked2 = MeshSync.awaitAcked(mesh, MeshSync.clientWeights(20, 80));
    Instant t2 = Instant.now();

    assertEquals(versionsAndHashes(acked1), replayed(t1), "replay at T1 and what the proxies ACKed by T1");
    assertEquals(versionsAndHashes(acked2), replayed(t2), "replay at T2 and what the proxies ACKed by T2");
    assertTrue(!versionsAndHashes(acked1).equals(versionsAndHashes(acked2)), "the two points differ");

    CliRun summary = mesh.cli("replay", "--at", t1.toString(), "--proxy", "client");
    assertEquals(0, summary.exitCode(), summary.toString());
    assertTrue(summary.out().contains("VirtualService/default/reviews  generation 1"), summary.out());
    String clientRow = summary.out().lines().filter(l -> l.startsWith("client ")).findFirst().orElseThrow();
    assertTrue(clientRow.endsWith("yes"), "the replayed snapshot is the one the client ACKed: " + summary.out());
    String snapshot = summary.out().substring(summary.out().indexOf("Snapshot of client"));
    assertTrue(snapshot.contains("outbound|80|v1|reviews.default.svc.cluster.local") && snapshot.contains("weight: 90"),
        "the client's routes at T1: " + snapshot);
    assertTrue(!snapshot.contains("weight: 80"), snapshot);

    long offset1 = JSON.readTree(mesh.cli("replay", "--at", t1.toString(), "-o", "json").out()).get("lastPolicyOffset").asLong();
    assertEquals(versionsAndHashes(acked1), replayed("@" + offset1, false), "@N, N the last policy event by T1, is the same point");
    CliRun atOffset = mesh.cli("replay", "--at", "@" + offset1, "--proxy", "client", "-o", "yaml");
    assertEquals(0, atOffset.exitCode(), atOffset.toString());
    assertTrue(atOffset.out().contains("weight: 90") && !atOffset.out().contains("weight: 80"), atOffset.out());

    CliRun diff = mesh.cli("diff", "--from", t1.toString(), "--to", t2.toString(), "--proxy", "client");
    assertEquals(0, diff.exitCode(), diff.toString());
    assertTrue(diff.out().contains("changed  VirtualService/default/reviews"), diff.out());
    assertTrue(diff.out().lines().anyMatch(l -> l.trim().matches("-\\s*weight: 90"))
        && diff.out().lines().anyMatch(l -> l.trim().matches("\\+\\s*weight: 20")), diff.out());
    assertTrue(diff.out().contains("changed     client  version " + acked1.get("client").getVersion()), diff.out());
    assertTrue(!diff.out().substring(0, diff.out().indexOf("Proxies:")).contains("DestinationRule"), "the DestinationRule did not change: " + diff.out());
  }

  @Test
  void shouldRefuseABadPointWithOneLine() {
    CliRun run = mesh.cli("replay", "--at", "yesterday-ish");
    assertEquals(2, run.exitCode(), run.toString());
    assertTrue(run.err().startsWith("meshlog replay: --at: "), run.err());
    assertEquals(1, run.err().lines().count(), run.err());
  }

  /** The proxies of {@code replay --at T -o json} as "version hash" by proxy id; each must say it matches its ack. */
  private Map<String, String> replayed(Instant t) throws Exception {
    return replayed(t.toString(), true);
  }

  /** With {@code acked}, every proxy must also have ACKed what the replay says it had (not so at a policy event's own time). */
  private Map<String, String> replayed(String point, boolean acked) throws Exception {
    CliRun run = mesh.cli("replay", "--at", point, "-o", "json");
    assertEquals(0, run.exitCode(), run.toString());
    Map<String, String> out = new TreeMap<>();
    for (JsonNode proxy : JSON.readTree(run.out()).get("proxies")) {
      out.put(proxy.get("proxyId").asText(), proxy.get("version").asLong() + " " + proxy.get("hash").asText());
      if (acked) {
        assertEquals("MATCH", proxy.get("matches").asText(), run.out());
      }
    }
    return out;
  }

  private static Map<String, String> versionsAndHashes(Map<String, ProxyAck> acks) {
    Map<String, String> out = new TreeMap<>();
    acks.forEach((id, ack) -> out.put(id, ack.getVersion() + " " + ack.getNonce()));
    return out;
  }
}
