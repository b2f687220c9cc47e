package dev.meshlog.ingest.policy;

import static dev.meshlog.ingest.policy.Documents.parsedOne;
import static dev.meshlog.ingest.policy.Documents.refused;
import static dev.meshlog.ingest.policy.Documents.refusedAt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Hostile documents, one of each kind, refused with the field and the reason (the properties generate more). */
class HostileDocumentsTest {

  private static String routeWithUri(String matchLine) {
    return """
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: reviews, namespace: shop}
        spec:
          hosts: [reviews]
          http:
          - match:
            - uri: %s
            route:
            - destination: {host: reviews}
        """.formatted(matchLine);
  }

  private static String regex(String regex) {
    return routeWithUri("{regex: '" + regex.replace("'", "''") + "'}");
  }

  @Test
  void shouldRefuseRegexesRe2DoesNotAccept() {
    refusedAt(regex("(a)\\1"), "spec.http[0].match[0].uri.regex", "not a valid RE2 regex");
    refusedAt(regex("foo(?=bar)"), "spec.http[0].match[0].uri.regex", "not a valid RE2 regex");
    refusedAt(regex("(?<!x)y"), "spec.http[0].match[0].uri.regex", "not a valid RE2 regex");
  }

  @Test
  void shouldAcceptCatastrophicBacktrackingPatternsSinceRe2MatchesThemInLinearTime() {
    parsedOne(regex("(a+)+$"));
    parsedOne(regex("(a|aa)*c"));
  }

  @Test
  void shouldRefuseARegexWhoseCompiledProgramWouldExplode() {
    assertTimeoutPreemptively(Duration.ofSeconds(20), () ->
        refusedAt(regex("((a{1000}){1000}){1000}"), "spec.http[0].match[0].uri.regex", "too large once compiled"));
  }

  @Test
  void shouldRefuseALongRegex() {
    refusedAt(regex("a".repeat(1025)), "spec.http[0].match[0].uri.regex", "at most 1024");
  }

  @Test
  void shouldRefuseDeepNesting() {
    String deep = "[".repeat(200) + "]".repeat(200);
    ValidationError error = Documents.single(refused("deep.yaml", routeWithUri(deep)));
    assertTrue(error.reason().contains("malformed YAML") && error.reason().contains("nesting depth"), error.toString());
  }

  @Test
  void shouldRefuseAliasesAndSoAliasBombs() {
    String bomb = """
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: reviews, namespace: shop}
        a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
        b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
        c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
        d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
        e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
        spec: {hosts: *e}
        """;
    ValidationError error = Documents.single(refused("bomb.yaml", bomb));
    assertTrue(error.reason().contains("aliases are not supported"), error.toString());
    assertTrue(error.reason().contains("line 5"), error.toString());
  }

  @Test
  void shouldRefuseDuplicateKeys() {
    ValidationError error = Documents.single(refused("dup.yaml", routeWithUri("{exact: /a}").replace("kind: VirtualService",
        "kind: VirtualService\nkind: DestinationRule")));
    assertTrue(error.reason().contains("Duplicate field 'kind'"), error.toString());
  }

  @Test
  void shouldBoundListSizesAndStringLengthsNamingTheField() {
    String hosts = IntStream.range(0, 300).mapToObj(i -> "h" + i).collect(Collectors.joining(", ", "[", "]"));
    refusedAt(routeWithUri("{exact: /a}").replace("hosts: [reviews]", "hosts: " + hosts), "spec.hosts", "has 300 entries; at most 256");
    refusedAt(routeWithUri("{exact: '" + "x".repeat(5000) + "'}"), "spec.http[0].match[0].uri.exact", "5000 characters long; at most 4096");
  }

  @Test
  void shouldCapTheErrorsOfOneDocument() {
    String headers = IntStream.range(0, 60).mapToObj(i -> "X-Bad" + i + ": {exact: v}").collect(Collectors.joining(", ", "{", "}"));
    List<ValidationError> errors = refused("many.yaml", routeWithUri("{exact: /a}\n      headers: " + headers));
    assertEquals(Problems.MAX_ERRORS + 1, errors.size(), errors::toString);
    assertTrue(errors.get(errors.size() - 1).reason().contains("more errors not shown"), errors.toString());
  }

  @Test
  void shouldRefuseOddUnicodeInNamesAndHosts() {
    refusedAt(routeWithUri("{exact: /a}").replace("name: reviews", "name: \"rev\\0iews\""), "metadata.name", "not a valid name");
    refusedAt(routeWithUri("{exact: /a}").replace("hosts: [reviews]", "hosts: [\"r\u0435views\"]"), "spec.hosts[0]", "not a mesh service host");
    refusedAt(routeWithUri("{exact: /a}").replace("hosts: [reviews]", "hosts: [\"reviews\u202e\"]"), "spec.hosts[0]", "not a mesh service host");
  }

  @Test
  void shouldRefuseBinaryGarbage() {
    List<ValidationError> errors = refused("garbage.yaml", "\u0000\u0001\u00ff\ufffd{[: : :\u0007");
    assertTrue(errors.get(0).reason().startsWith("malformed YAML"), errors.toString());
  }

  @Test
  void shouldRefuseAHugeDocumentBeforeParsingIt() {
    String huge = routeWithUri("{exact: /a}") + "# " + "x".repeat(PolicyDocuments.MAX_DOCUMENT_CHARS) + "\n";
    ValidationError error = Documents.single(refused("huge.yaml", huge));
    assertTrue(error.reason().contains("at most " + PolicyDocuments.MAX_DOCUMENT_CHARS), error.toString());
  }

  @Test
  void shouldRefuseAFileOfTooManyDocumentsAtOnce() {
    String many = "---\n".repeat(700_000);
    ValidationError error = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> Documents.single(refused("many.yaml", many)));
    assertTrue(error.reason().contains("at most " + PolicyDocuments.MAX_DOCUMENTS), error.toString());
  }
}
