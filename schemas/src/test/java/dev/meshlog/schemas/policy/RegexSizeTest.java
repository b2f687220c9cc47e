package dev.meshlog.schemas.policy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RegexSizeTest {

  @Test
  void shouldKeepEverydayRouteRegexesFarBelowTheLimit() {
    for (String regex : new String[] {"/api/v[0-9]+/.*", "(GET|POST)", "[a-z0-9-]{1,63}\\.example\\.com", "^/users/\\d{1,10}$"}) {
      assertTrue(RegexSize.estimate(regex) < 200, regex + ": " + RegexSize.estimate(regex));
    }
  }

  @Test
  void shouldSeeNestedCountedRepetitionsMultiply() {
    // a billion instructions once compiled: refused before re2j is asked to build it
    assertTrue(RegexSize.estimate("((a{1000}){1000}){1000}") > RegexSize.MAX_ESTIMATE);
    assertTrue(RegexSize.estimate("(x{100}){101}") > RegexSize.MAX_ESTIMATE);
    assertTrue(RegexSize.estimate("(x{100}){99}") <= RegexSize.MAX_ESTIMATE);
  }

  @Test
  void shouldNotCountEscapedOrClassBracesAsRepetitions() {
    assertTrue(RegexSize.estimate("\\{1000\\}") < 20);
    assertTrue(RegexSize.estimate("[{}]{2}") < 20);
  }
}
