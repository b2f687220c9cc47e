package dev.meshlog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class MeshConnectionTest {

  @TempDir
  Path dataDir;

  private MeshConnection parse(String... args) {
    MeshConnection connection = new MeshConnection();
    new CommandLine(connection).parseArgs(args);
    return connection;
  }

  @Test
  void shouldFindTheRunningMeshThroughItsDataDirectory() throws Exception {
    Files.writeString(dataDir.resolve("bootstrap"), "127.0.0.1:40001\n");
    assertEquals("127.0.0.1:40001", parse("--data-dir", dataDir.toString()).bootstrap());
  }

  @Test
  void shouldPreferTheFlagOverTheDataDirectory() throws Exception {
    Files.writeString(dataDir.resolve("bootstrap"), "127.0.0.1:40001\n");
    assertEquals("10.0.0.1:9092", parse("--data-dir", dataDir.toString(), "--bootstrap", "10.0.0.1:9092").bootstrap());
  }

  @Test
  void shouldFallBackToTheEmbeddedDefaultWhenNothingRuns() {
    assertEquals("127.0.0.1:" + MeshConnection.DEFAULT_PORT, parse("--data-dir", dataDir.toString()).bootstrap());
  }

  @Test
  void shouldPrefixTopicsOnlyWhenAsked() {
    assertEquals("mesh.policy.events", parse().topics().policyEvents().name());
    assertEquals("x.mesh.policy.events", parse("--topic-prefix", "x.").topics().policyEvents().name());
  }
}
