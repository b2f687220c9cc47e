package dev.meshlog.ingest.policy;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Generators of malformed and hostile policy documents: a valid VirtualService with one hostile value put in one
 * of its fields, or text that is not a policy at all. Sizes reach past every limit of the reader and validator.
 */
final class HostileDocuments {

  static final String TEMPLATE = """
      apiVersion: networking.istio.io/v1
      kind: VirtualService
      metadata: {name: NAME, namespace: shop}
      spec:
        hosts: [HOST]
        http:
        - match:
          - uri: {regex: REGEX}
            headers: {x-user: {exact: HEADER}}
          route:
          - destination: {host: reviews}
      """;
  private static final List<String> SLOTS = List.of("NAME", "HOST", "REGEX", "HEADER");

  /** Catastrophic-backtracking patterns, RE2 refusals (backreferences, lookaround), and compile bombs. */
  static final List<String> HOSTILE_REGEXES = List.of("(a+)+$", "(a|aa)*c", "(a*)*b", "^(([a-z])+.)+[A-Z]([a-z])+$",
      "(\\w)\\1", "foo(?=bar)", "(?<!a)b", "(?>a+)b", "a{1001}", "((a{1000}){1000}){1000}", "(((a{100}){100}){100}){100}",
      "[", "(", "\\", "*", "a**", "(?P<n>a)(?P=n)", "\\p{NoSuchClass}", "[z-a]", "x{2,1}");
  /** Odd unicode: NUL, a lone surrogate, an RTL override, a Cyrillic homoglyph, zero-width and BOM characters. */
  static final List<String> ODD_TEXT = List.of("rev\u0000iews", "rev\uD800iews", "reviews\u202E", "r\u0435views", "re\u200Bviews",
      "\uFEFFreviews", "\u0007", "\uFFFF", "\uDFFF\uD800", "reviews.shop.svc.cluster.local\u0000");

  private HostileDocuments() {}

  static Arbitrary<String> documents() {
    return Arbitraries.oneOf(
        slotted(Arbitraries.of(HOSTILE_REGEXES).map(HostileDocuments::quoted)),
        slotted(Arbitraries.of(ODD_TEXT).map(HostileDocuments::quoted)),
        slotted(regexSoup().map(HostileDocuments::quoted)),
        slotted(hugeStrings()),
        slotted(deepNesting()),
        slotted(hugeLists()),
        slotted(wrongTypes()),
        duplicateKeys(),
        aliasBombs(),
        multiDocument(),
        garbage(),
        tokenSoup());
  }

  /** The template with {@code value} in one slot and plain values in the others. */
  private static Arbitrary<String> slotted(Arbitrary<String> value) {
    return Combinators.combine(Arbitraries.of(SLOTS), value).as((slot, v) -> {
      String text = TEMPLATE.replace(slot, v);
      return text.replace("NAME", "reviews").replace("HOST", "reviews").replace("REGEX", "'/r/[0-9]+'").replace("HEADER", "jason");
    });
  }

  private static String quoted(String value) {
    StringBuilder out = new StringBuilder("\"");
    value.codePoints().forEach(c -> {
      if (c == '"' || c == '\\') {
        out.append('\\').appendCodePoint(c);
      } else if (c < 0x20 || (c >= 0xD800 && c <= 0xDFFF) || c == 0xFFFF || c == 0xFEFF) {
        out.append(String.format("\\u%04x", c)); // YAML escapes, so the parser reads the odd character itself
      } else {
        out.appendCodePoint(c);
      }
    });
    return out.append('"').toString();
  }

  private static Arbitrary<String> regexSoup() {
    return Arbitraries.strings().withChars("()[]{}|*+?\\^$.a1,-:<=!Pk").ofMinLength(1).ofMaxLength(40);
  }

  private static Arbitrary<String> hugeStrings() {
    return Arbitraries.of(100, 1_025, 4_097, 70_000, 300_000).map(n -> "x".repeat(n));
  }

  private static Arbitrary<String> deepNesting() {
    return Combinators.combine(Arbitraries.integers().between(10, 3_000), Arbitraries.of("[", "{a: ")).as((depth, open) ->
        open.repeat(depth) + "x" + (open.equals("[") ? "]" : "}").repeat(depth));
  }

  private static Arbitrary<String> hugeLists() {
    return Arbitraries.of(257, 1_025, 20_000).map(n -> IntStream.range(0, n).mapToObj(i -> "h" + i)
        .collect(Collectors.joining(", ", "[", "]")));
  }

  private static Arbitrary<String> wrongTypes() {
    return Arbitraries.of("42", "-1", "1e400", "9".repeat(100), "true", "null", "~", "[]", "{}", "[1, 2]", "{exact: 1}",
        "!!binary AAAA", "!!float x", "2026-01-01", "0x1F", ".nan", "'a': 'b'", "|\n  block");
  }

  private static Arbitrary<String> duplicateKeys() {
    return Arbitraries.of("kind", "metadata", "spec", "hosts", "http").map(key ->
        TEMPLATE.replace(key + ":", key + ": x\n" + key + ":").replace("NAME", "reviews").replace("HOST", "reviews")
            .replace("REGEX", "'/a'").replace("HEADER", "jason"));
  }

  private static Arbitrary<String> aliasBombs() {
    return Arbitraries.integers().between(1, 12).map(levels -> {
      StringBuilder text = new StringBuilder("apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: r, namespace: shop}\n");
      text.append("l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
      for (int i = 1; i <= levels; i++) {
        text.append("l").append(i).append(": &l").append(i).append(" [").append(("*l" + (i - 1) + ", ").repeat(8))
            .append("*l").append(i - 1).append("]\n");
      }
      return text.append("spec: {hosts: *l").append(levels).append("}\n").toString();
    });
  }

  private static Arbitrary<String> multiDocument() {
    return Arbitraries.oneOf(slotted(Arbitraries.of(HOSTILE_REGEXES).map(HostileDocuments::quoted)), garbage(), tokenSoup())
        .list().ofMinSize(2).ofMaxSize(6).map(docs -> String.join("\n---\n", docs));
  }

  private static Arbitrary<String> garbage() {
    return Arbitraries.strings().all().ofMaxLength(2_000);
  }

  private static Arbitrary<String> tokenSoup() {
    return Arbitraries.of("{", "}", "[", "]", ":", "- ", "&a ", "*a", "!", "|", ">", "'", "\"", "\n", "  ", "#", ",", "?", "---\n",
        "%YAML 1.1\n", "kind: VirtualService\n", "spec:\n", "hosts:", "<<: *a", "\t", "\\").list().ofMaxSize(300).map(t -> String.join("", t));
  }
}
