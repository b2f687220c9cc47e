package dev.meshlog.engine.ca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Combinators;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SpiffeIdTest {

  @Test
  void shouldFormatIstioStyleUri() {
    assertEquals("spiffe://cluster.local/ns/bookinfo/sa/bookinfo-reviews",
        new SpiffeId("cluster.local", "bookinfo", "bookinfo-reviews").toUri());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "",
      "spiffe:/cluster.local/ns/a/sa/b",
      "SPIFFE://cluster.local/ns/a/sa/b",
      "https://cluster.local/ns/a/sa/b",
      "spiffe://cluster.local",
      "spiffe://cluster.local/",
      "spiffe:///ns/a/sa/b",
      "spiffe://cluster.local/ns//sa/b",
      "spiffe://cluster.local/ns/a/sa/",
      "spiffe://cluster.local/ns/a/sa/b/",
      "spiffe://cluster.local/ns/a/sa/b/c",
      "spiffe://cluster.local/sa/b/ns/a",
      "spiffe://cluster.local/workload/a",
      "spiffe://Cluster.Local/ns/a/sa/b",
      "spiffe://cluster.local:443/ns/a/sa/b",
      "spiffe://user@cluster.local/ns/a/sa/b",
      "spiffe://cluster.local/ns/a/sa/b?x=1",
      "spiffe://cluster.local/ns/a/sa/b#frag",
      "spiffe://cluster.local/ns/a%2Fb/sa/c",
      "spiffe://cluster.local/ns/../sa/b",
      "spiffe://cluster.local/ns/./sa/b",
      "spiffe://cluster.local/ns/a b/sa/c",
      "spiffe://cluster.local/ns/ä/sa/c"})
  void shouldRejectAnythingButTheCanonicalForm(String uri) {
    assertThrows(IllegalArgumentException.class, () -> SpiffeId.parse(uri));
  }

  @Test
  void shouldRejectNull() {
    assertThrows(IllegalArgumentException.class, () -> SpiffeId.parse(null));
    assertThrows(IllegalArgumentException.class, () -> new SpiffeId(null, "a", "b"));
  }

  @Property
  void shouldRoundTripEveryValidId(@ForAll("ids") SpiffeId id) {
    assertEquals(id, SpiffeId.parse(id.toUri()));
  }

  /** Whatever string comes in, parse either refuses it or it was exactly the canonical form. */
  @Property(tries = 2000)
  void shouldAcceptOnlyCanonicalSpellings(@ForAll("nearIds") String uri) {
    try {
      assertEquals(uri, SpiffeId.parse(uri).toUri());
    } catch (IllegalArgumentException refused) {
      // refusing is always allowed
    }
  }

  @Provide
  Arbitrary<SpiffeId> ids() {
    Arbitrary<String> domain = Arbitraries.strings().withChars("abcz09.-_").ofMinLength(1).ofMaxLength(40);
    Arbitrary<String> segment = Arbitraries.strings().withChars("aZ09.-_").ofMinLength(1).ofMaxLength(40)
        .filter(s -> !s.equals(".") && !s.equals(".."));
    return Combinators.combine(domain, segment, segment).as(SpiffeId::new);
  }

  @Provide
  Arbitrary<String> nearIds() {
    Arbitrary<String> piece = Arbitraries.strings().withChars("aZ0.-_/:%?#@ ").ofMaxLength(6);
    return Combinators.combine(Arbitraries.of("spiffe://", "spiffe:/", "x://"), piece, Arbitraries.of("/ns/", "/sa/", "/"),
        piece, Arbitraries.of("/sa/", "/ns/", "/"), piece)
        .as((a, b, c, d, e, f) -> a + b + c + d + e + f);
  }
}
