package dev.meshlog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.kafka.local.KafkaBroker;
import dev.meshlog.schemas.TopicAdmin;
import dev.meshlog.schemas.Topics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code meshlog apply -f} on hostile files against a real broker: each run exits 1 with lines naming the file, the
 * field and the reason, and the command topic does not move (nothing published, not even an aborted transaction).
 */
@ExtendWith(KafkaBroker.class)
class HostileApplyIT {

  private static final String GOOD = """
      apiVersion: networking.istio.io/v1
      kind: VirtualService
      metadata: {name: reviews, namespace: default}
      spec:
        hosts: [reviews]
        http:
        - match:
          - uri: {regex: "/r/[0-9]+"}
          route:
          - destination: {host: reviews}
      """;

  @TempDir static Path dir;
  private static String prefix;
  private static Topics topics;

  @BeforeAll
  static void createTopics() {
    prefix = KafkaBroker.uniqueName("hostile-apply") + ".";
    topics = Topics.withPrefix(prefix);
    TopicAdmin.ensureTopics(KafkaBroker.bootstrapServers(), topics.all(), 1, (short) 1);
  }

  static Stream<Arguments> hostileFiles() {
    String bomb = "apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: r, namespace: default}\n"
        + "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        + IntStream.rangeClosed(1, 9).mapToObj(i -> "l" + i + ": &l" + i + " [" + ("*" + (i == 1 ? "a" : "l" + (i - 1)) + ", ").repeat(8)
            + "*" + (i == 1 ? "a" : "l" + (i - 1)) + "]").collect(Collectors.joining("\n")) + "\nspec: {hosts: *l9}\n";
    return Stream.of(
        Arguments.of("deep.yaml", GOOD.replace("hosts: [reviews]", "hosts: " + "[".repeat(5_000) + "]".repeat(5_000)).getBytes(StandardCharsets.UTF_8), "", "nesting depth"),
        Arguments.of("alias-bomb.yaml", bomb.getBytes(StandardCharsets.UTF_8), "", "aliases are not supported"),
        Arguments.of("backreference.yaml", GOOD.replace("/r/[0-9]+", "(a)\\\\1").getBytes(StandardCharsets.UTF_8),
            "spec.http[0].match[0].uri.regex", "not a valid RE2 regex"),
        Arguments.of("lookahead.yaml", GOOD.replace("/r/[0-9]+", "a(?=b)").getBytes(StandardCharsets.UTF_8),
            "spec.http[0].match[0].uri.regex", "not a valid RE2 regex"),
        Arguments.of("regex-bomb.yaml", GOOD.replace("/r/[0-9]+", "((a{1000}){1000}){1000}").getBytes(StandardCharsets.UTF_8),
            "spec.http[0].match[0].uri.regex", "too large once compiled"),
        Arguments.of("wide.yaml", GOOD.replace("hosts: [reviews]", "hosts: [" + IntStream.range(0, 5_000).mapToObj(i -> "h" + i)
            .collect(Collectors.joining(",")) + "]").getBytes(StandardCharsets.UTF_8), "spec.hosts", "at most 256"),
        Arguments.of("long-string.yaml", GOOD.replace("/r/[0-9]+", "x".repeat(2_000)).getBytes(StandardCharsets.UTF_8),
            "spec.http[0].match[0].uri.regex", "at most 1024"),
        Arguments.of("duplicate-keys.yaml", GOOD.replace("kind: VirtualService", "kind: VirtualService\nkind: Sidecar")
            .getBytes(StandardCharsets.UTF_8), "", "Duplicate field 'kind'"),
        Arguments.of("nul-host.yaml", GOOD.replace("hosts: [reviews]", "hosts: [\"rev\\0iews\"]").getBytes(StandardCharsets.UTF_8),
            "spec.hosts[0]", "rev\\u0000iews"),
        Arguments.of("rtl-name.yaml", GOOD.replace("name: reviews", "name: \"reviews\u202Eevil\"").getBytes(StandardCharsets.UTF_8),
            "metadata.name", "\\u202e"),
        Arguments.of("wrong-types.yaml", GOOD.replace("hosts: [reviews]", "hosts: 42").getBytes(StandardCharsets.UTF_8),
            "spec.hosts", "must be a list"),
        Arguments.of("good-then-hostile.yaml", (GOOD + "---\n" + GOOD.replace("name: reviews", "name: ratings")
            .replace("/r/[0-9]+", "(?<!x)y")).getBytes(StandardCharsets.UTF_8), "spec.http[0].match[0].uri.regex", "RE2"),
        Arguments.of("binary.bin", randomBytes(64 * 1024), "", "not UTF-8 text"),
        Arguments.of("huge.yaml", (GOOD + "# " + "x".repeat(4 * 1024 * 1024)).getBytes(StandardCharsets.UTF_8), "", "are read"));
  }

  private static byte[] randomBytes(int size) {
    byte[] bytes = new byte[size];
    new Random(9).nextBytes(bytes);
    return bytes;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostileFiles")
  void shouldRefuseNamingFileFieldAndReasonAndPublishNothing(String name, byte[] content, String field, String reason) throws Exception {
    Path file = write(name, content);
    long before = endOffset();
    CliRun run = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> CliRun.of("apply", "-f", file.toString(),
        "--bootstrap", KafkaBroker.bootstrapServers(), "--topic-prefix", prefix, "--wait", "0s", "--actor", "test:hostile"));
    assertEquals(1, run.exitCode(), run.toString());
    String expected = "error: " + file + ": " + field + ": ";
    String line = run.err().lines().filter(l -> l.startsWith(expected)).findFirst()
        .orElseThrow(() -> new AssertionError("no line starting '" + expected + "' in " + run.err()));
    assertTrue(line.contains(reason), "the reason (" + reason + ") is on the line: " + line);
    assertTrue(run.err().lines().allMatch(l -> l.length() < 1_000), "every line stays readable: " + run.err().length() + " chars");
    assertTrue(run.err().contains(file + ": refused, nothing published"), run.err());
    assertEquals(before, endOffset(), "the command topic did not move");
  }

  private static Path write(String name, byte[] content) throws IOException {
    return Files.write(dir.resolve(name), content);
  }

  private static long endOffset() throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers()))) {
      TopicPartition tp = new TopicPartition(topics.policyCommands().name(), 0);
      return admin.listOffsets(Map.of(tp, OffsetSpec.latest())).partitionResult(tp).get().offset();
    }
  }
}
