package dev.meshlog.cli.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.cli.Meshlog;
import dev.meshlog.schemas.GroupSessionTimeout;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code --instance-id}, {@code --standby-replicas} and {@code --session-timeout} of {@code meshlog engine} and {@code meshlog pipeline} (no broker). */
class MembershipOptionsTest {

  @TempDir
  Path dataDir;

  @Test
  void shouldUseDynamicMembershipAndOneStandbyByDefault() {
    for (String job : new String[] {"engine", "pipeline"}) {
      assertEquals(Membership.DEFAULT, parse(job).membership(null), job);
    }
  }

  @Test
  void shouldTakeThePodNameAsInstanceId() {
    assertEquals(new Membership(Optional.of("meshlog-engine-1"), 2, GroupSessionTimeout.DEFAULT),
        parse("engine", "--instance-id", "meshlog-engine-1", "--standby-replicas", "2").membership(null));
    assertEquals(new Membership(Optional.of("pipeline.a_1"), 0, GroupSessionTimeout.DEFAULT),
        parse("pipeline", "--instance-id=pipeline.a_1", "--standby-replicas=0").membership(null));
  }

  @Test
  void shouldRefuseABadInstanceIdNamingTheOptionBeforeContactingKafka() {
    for (String job : new String[] {"engine", "pipeline"}) {
      for (String bad : new String[] {"", "engine 0", "ns/engine-0", "x".repeat(201)}) {
        Run run = run(job, "--instance-id", bad);
        assertEquals(2, run.exitCode(), job + " " + bad + ": " + run.err());
        assertTrue(run.err().contains("--instance-id: instance id "), run.err());
      }
    }
  }

  @Test
  void shouldRefuseANegativeStandbyCountNamingTheOption() {
    Run run = run("pipeline", "--standby-replicas", "-1");
    assertEquals(2, run.exitCode(), run.err());
    assertTrue(run.err().contains("--standby-replicas: must be 0 or more"), run.err());
  }

  @Test
  void shouldTakeAShorterSessionTimeoutForAFasterTakeoverAfterACrash() {
    assertEquals(Duration.ofSeconds(10), parse("engine", "--session-timeout", "10s").membership(null).sessionTimeout());
    assertEquals(Duration.ofMinutes(2), parse("pipeline", "--session-timeout=2m").membership(null).sessionTimeout());
  }

  @Test
  void shouldRefuseASessionTimeoutTheBrokerWouldRefuseNamingTheOption() {
    for (String job : new String[] {"engine", "pipeline"}) {
      for (String bad : new String[] {"5s", "31m", "0s"}) {
        Run run = run(job, "--session-timeout", bad);
        assertEquals(2, run.exitCode(), job + " " + bad + ": " + run.err());
        assertTrue(run.err().contains("--session-timeout: session timeout must be between 6s and 30m"), run.err());
      }
    }
    Run run = run("engine", "--session-timeout", "soon");
    assertEquals(2, run.exitCode(), run.err());
    assertTrue(run.err().contains("--session-timeout"), run.err());
  }

  private MembershipOptions parse(String job, String... args) {
    CommandLine cli = Meshlog.commandLine();
    cli.parseArgs(withJob(job, args));
    Object command = cli.getSubcommands().get(job).getCommand();
    return command instanceof EngineCommand e ? e.membershipOptions : ((PipelineCommand) command).membershipOptions;
  }

  private record Run(int exitCode, String err) {}

  /** A bootstrap nobody listens on: the options must be refused before the command waits for it. */
  private Run run(String job, String... args) {
    StringWriter err = new StringWriter();
    CommandLine cli = Meshlog.commandLine().setOut(new PrintWriter(new StringWriter(), true)).setErr(new PrintWriter(err, true));
    String[] all = withJob(job, args);
    String[] withMesh = java.util.Arrays.copyOf(all, all.length + 4);
    System.arraycopy(new String[] {"--bootstrap", "127.0.0.1:1", "--data-dir", dataDir.toString()}, 0, withMesh, all.length, 4);
    return new Run(cli.execute(withMesh), err.toString());
  }

  private static String[] withJob(String job, String... args) {
    String[] all = new String[args.length + 1];
    all[0] = job;
    System.arraycopy(args, 0, all, 1, args.length);
    return all;
  }
}
