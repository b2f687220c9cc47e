package dev.meshlog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.proxy.identity.WorkloadIdentityConfig;
import dev.meshlog.proxy.listener.limits.DownstreamLimits;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ProxyCommandTest {

  @TempDir
  Path dir;

  @Test
  void shouldTakeTheListenersLimitsFromOptionsOverTheDefaults() {
    ProxyCommand proxy = parse("--id", "p1", "--service", "reviews", "--max-connections", "50",
        "--request-headers-timeout", "3s", "--idle-timeout", "90s");
    assertEquals(DownstreamLimits.DEFAULTS.withMaxConnections(50).withRequestHeadersTimeout(Duration.ofSeconds(3))
        .withIdleTimeout(Duration.ofSeconds(90)), proxy.limits());
    assertEquals(DownstreamLimits.DEFAULTS, parse("--id", "p1", "--service", "reviews").limits());
  }

  @Test
  void shouldRefuseAnUnreadableTimeoutNamingTheOption() {
    ProxyCommand proxy = parse("--id", "p1", "--service", "reviews", "--idle-timeout", "soon");
    CommandLine.ParameterException e = org.junit.jupiter.api.Assertions.assertThrows(CommandLine.ParameterException.class,
        proxy::limits);
    assertTrue(e.getMessage().startsWith("--idle-timeout: "), e.getMessage());
  }

  @Test
  void shouldWriteNoAccessLogUnlessAsked() {
    ProxyCommand proxy = parse("--id", "p1", "--service", "reviews");
    assertEquals(Optional.empty(), ProxyCommand.tuning(proxy.accessLog, Optional.empty()).accessLog());
  }

  @Test
  void shouldWriteTheAccessLogWhereTheOptionSays() {
    ProxyCommand proxy = parse("--id", "p1", "--service", "reviews", "--access-log", "-");
    assertEquals(Optional.of("-"), ProxyCommand.tuning(proxy.accessLog, Optional.empty()).accessLog());
  }

  @Test
  void shouldRunInPlainTextWithoutABootstrapToken() {
    ProxyCommand proxy = parse("--id", "p1", "--service", "reviews", "--service-account", "bookinfo-reviews");
    assertEquals(Optional.empty(), proxy.identity());
  }

  @Test
  void shouldAskForTheIdentityNamedByTheOptionsWithTheTokenFromTheFile() throws IOException {
    Path token = Files.writeString(dir.resolve("token"), "tok-123\n");
    ProxyCommand proxy = parse("--id", "p1", "--service", "reviews", "--namespace", "shop",
        "--service-account", "reviews-sa", "--trust-domain", "corp.example", "--token-file", token.toString());

    WorkloadIdentityConfig identity = proxy.identity().orElseThrow();

    assertEquals("tok-123", identity.bootstrapToken());
    assertEquals("spiffe://corp.example/ns/shop/sa/reviews-sa", identity.identity("shop").toString());
    assertEquals(Optional.of(identity), ProxyCommand.tuning(null, proxy.identity()).identity());
  }

  @Test
  void shouldSendTheServiceAccountTokenAsAKubernetesCredential() throws IOException {
    Path token = Files.writeString(dir.resolve("sa-token"), "eyJhbGciOi.jwt.sig\n");
    ProxyCommand proxy = parse("--id", "p1", "--service", "reviews", "--namespace", "shop",
        "--service-account", "reviews-sa", "--k8s-token-file", token.toString());

    WorkloadIdentityConfig identity = proxy.identity().orElseThrow();

    assertTrue(identity.kubernetesToken(), "KUBERNETES_TOKEN, not a meshlog bootstrap token");
    assertEquals("eyJhbGciOi.jwt.sig", identity.bootstrapToken());
    assertEquals("spiffe://cluster.local/ns/shop/sa/reviews-sa", identity.identity("shop").toString());
    assertTrue(!parse("--id", "p1", "--service", "reviews", "--token-file", token.toString()).identity().orElseThrow()
        .kubernetesToken(), "--token-file stays a bootstrap token");
  }

  @Test
  void shouldRefuseBothTokenFiles() throws IOException {
    Path token = Files.writeString(dir.resolve("t"), "x\n");
    StringWriter err = new StringWriter();
    int exit = new CommandLine(new ProxyCommand()).setErr(new PrintWriter(err)).execute("--id", "p1", "--service", "reviews",
        "--bootstrap", "127.0.0.1:1", "--token-file", token.toString(), "--k8s-token-file", token.toString());
    assertEquals(2, exit, err.toString());
    assertTrue(err.toString().contains("--token-file and --k8s-token-file"), err.toString());
  }

  @Test
  void shouldRefuseAMissingOrEmptyTokenFileNamingIt() throws IOException {
    Path empty = Files.writeString(dir.resolve("empty"), "  \n");
    for (Path file : new Path[] {dir.resolve("missing"), empty}) {
      StringWriter err = new StringWriter();
      CommandLine line = new CommandLine(new ProxyCommand()).setErr(new PrintWriter(err));
      int exit = line.execute("--id", "p1", "--service", "reviews", "--bootstrap", "127.0.0.1:1", "--token-file", file.toString());
      assertEquals(2, exit, err.toString());
      assertTrue(err.toString().contains("--token-file " + file), err.toString());
    }
  }

  @Test
  void shouldBoundActiveRequestsAtTheDefaultUnlessTheOptionSaysOtherwise() {
    assertEquals(256, parse("--id", "p1", "--service", "reviews").overload().maxActiveRequests());
    assertEquals(64, parse("--id", "p1", "--service", "reviews", "--max-active-requests", "64").overload().maxActiveRequests());
  }

  @Test
  void shouldRefuseABoundBelowOneNamingTheOption() {
    StringWriter err = new StringWriter();
    int exit = new CommandLine(new ProxyCommand()).setErr(new PrintWriter(err)).execute("--id", "p1", "--service", "reviews",
        "--bootstrap", "127.0.0.1:1", "--max-active-requests", "0");
    assertEquals(2, exit, err.toString());
    assertTrue(err.toString().contains("--max-active-requests: must be at least 1, got 0"), err.toString());
  }

  @Test
  void shouldDrainForIstiosFiveSecondsUnlessTheOptionSaysOtherwise() {
    assertEquals(Duration.ofSeconds(5), parse("--id", "p1", "--service", "reviews").terminationDrain());
    assertEquals(Duration.ZERO, parse("--id", "p1", "--service", "reviews", "--termination-drain", "0s").terminationDrain());
    assertEquals(Duration.ofMillis(1500),
        parse("--id", "p1", "--service", "reviews", "--termination-drain", "1500ms").terminationDrain());
  }

  @Test
  void shouldRefuseAnUnreadableTerminationDrainNamingTheOption() {
    StringWriter err = new StringWriter();
    int exit = new CommandLine(new ProxyCommand()).setErr(new PrintWriter(err)).execute("--id", "p1", "--service", "reviews",
        "--bootstrap", "127.0.0.1:1", "--termination-drain", "soon");
    assertEquals(2, exit, err.toString());
    assertTrue(err.toString().contains("--termination-drain"), err.toString());
  }

  private static ProxyCommand parse(String... args) {
    ProxyCommand proxy = new ProxyCommand();
    new CommandLine(proxy).parseArgs(args);
    return proxy;
  }
}
