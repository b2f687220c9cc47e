package dev.meshlog.proxy.authz;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StringPatternTest {

  @Test
  void shouldMatchExactPrefixSuffixAndPresenceAsIstioWritesThem() {
    assertTrue(StringPattern.parse("/admin").test("/admin"));
    assertFalse(StringPattern.parse("/admin").test("/admin/x"));
    assertTrue(StringPattern.parse("/admin/*").test("/admin/x"));
    assertFalse(StringPattern.parse("/admin/*").test("/admi"));
    assertTrue(StringPattern.parse("*.json").test("/a/b.json"));
    assertFalse(StringPattern.parse("*.json").test("/a/b.jsonx"));
    assertTrue(StringPattern.parse("*").test(""));
  }

  @Test
  void shouldMatchNothingForAnAbsentValueNotEvenPresence() {
    assertFalse(StringPattern.parse("*").test(null));
    assertFalse(StringPattern.parse("abc").test(null));
  }

  @Test
  void shouldCompareCaseInsensitivelyOnlyWhenAsked() {
    assertTrue(StringPattern.parse("Reviews.Default*", true).test("reviews.default.svc"));
    assertTrue(StringPattern.parse("*.EXAMPLE.com", true).test("api.example.COM"));
    assertTrue(StringPattern.parse("API.example.com", true).test("api.EXAMPLE.com"));
    assertFalse(StringPattern.parse("GET").test("get"));
  }
}
