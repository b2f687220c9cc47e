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
  void shouldReadTheKafkaConfigFileGivenWithTheFlag() throws Exception {
    Path file = dataDir.resolve("cli.properties");
    Files.writeString(file, "security.protocol=SASL_PLAINTEXT\nsasl.mechanism=SCRAM-SHA-512\n");
    var settings = parse("--kafka-config", file.toString()).kafkaClient();
    assertEquals("SASL_PLAINTEXT", settings.over(java.util.Map.of()).get("security.protocol"));
  }

  @Test
  void shouldFailACommandWithAOneLineErrorNamingTheFileAndTheRefusedKey() throws Exception {
    Path file = dataDir.resolve("cli.properties");
    Files.writeString(file, "security.protocol=SASL_PLAINTEXT\ngroup.id=mine\n");
    // refused before anything connects: the address is never tried
    CliRun run = CliRun.of("get", "virtualservices", "--bootstrap", "127.0.0.1:1", "--kafka-config", file.toString());
    assertEquals(1, run.exitCode(), run.toString());
    assertEquals("meshlog get: " + file + ": group.id: set by Meshlog, not allowed in --kafka-config", run.err().strip());
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
