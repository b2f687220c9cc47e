package dev.meshlog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LineDiffTest {

  @Test
  void shouldShowNothingForIdenticalRenderings() {
    assertEquals("", LineDiff.of("a\nb\n", "a\nb\n"));
    assertEquals("", LineDiff.of("", ""));
  }

  @Test
  void shouldShowEveryLineAsAddedForTheFirstVersion() {
    assertEquals("+a\n+b\n", LineDiff.of("", "a\nb\n"));
  }

  @Test
  void shouldShowEveryLineAsRemovedForADelete() {
    assertEquals("-a\n-b\n", LineDiff.of("a\nb\n", ""));
  }

  @Test
  void shouldShowAChangedLineAsRemovedThenAddedWithContext() {
    assertEquals("""
         host: reviews
         weight: 1
        -subset: v1
        +subset: v2
         timeout: 5
        """, LineDiff.of("host: reviews\nweight: 1\nsubset: v1\ntimeout: 5\n", "host: reviews\nweight: 1\nsubset: v2\ntimeout: 5\n"));
  }

  @Test
  void shouldShowAddedAndRemovedLinesAndElideDistantContext() {
    String before = "a\nb\nc\nd\ne\nf\ng\nh\n";
    String after = "a\nx\nb\nc\nd\ne\nf\nh\n";
    assertEquals("""
         a
        +x
         b
         c
         ...
         e
         f
        -g
         h
        """, LineDiff.of(before, after));
  }
}
