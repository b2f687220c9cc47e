package dev.meshlog.cli.tap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.cli.Meshlog;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** Bad input never reaches Kafka: one line on stderr and exit 2 (nothing listens on the bootstrap given). */
class TapCommandTest {

  private static final String NOWHERE = "127.0.0.1:1";

  @Test
  void shouldRefuseBadWorkloadsAndOptionsInOneLineWithExit2() {
    assertRefused("WORKLOAD: missing", "tap");
    assertRefused("WORKLOAD: 'svc/reviews'", "tap", "svc/reviews");
    assertRefused("--path: expected a path starting with '/'", "tap", "reviews-v1", "--path", "api");
    assertRefused("--path: empty", "tap", "reviews-v1", "--path", "");
    assertRefused("--method: expected an HTTP method", "tap", "reviews-v1", "--method", "GET,POST");
    assertRefused("--max: expected a positive number", "tap", "reviews-v1", "--max", "0");
    assertRefused("--max: expected a positive number", "tap", "reviews-v1", "--max", "ten");
    assertRefused("--output: expected wide or json", "tap", "reviews-v1", "-o", "yaml");
    assertRefused("--authority: empty", "tap", "reviews-v1", "--authority", " ");
  }

  private static void assertRefused(String reason, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] withBootstrap = new String[args.length + 2];
    System.arraycopy(args, 0, withBootstrap, 0, args.length);
    withBootstrap[args.length] = "--bootstrap";
    withBootstrap[args.length + 1] = NOWHERE;
    int code = Meshlog.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(withBootstrap);
    assertEquals(2, code, err.toString());
    assertTrue(err.toString().startsWith("meshlog tap: " + reason), err.toString());
    assertEquals(1, err.toString().strip().lines().count(), err.toString());
    assertEquals("", out.toString());
  }
}
