package dev.meshlog.proxy.authz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class PathNormalizerTest {

  @Test
  void shouldRemoveDotSegmentsAsRfc3986Says() {
    assertEquals("/admin", PathNormalizer.normalize("/public/../admin"));
    assertEquals("/a/c", PathNormalizer.normalize("/a/./b/../c"));
    assertEquals("/", PathNormalizer.normalize("/../.."));
    assertEquals("/a/", PathNormalizer.normalize("/a/b/.."));
    assertEquals("/a/..b/.c", PathNormalizer.normalize("/a/..b/.c"));
  }

  @Test
  void shouldDecodeUnreservedCharactersButKeepEncodedSlashes() {
    assertEquals("/admin", PathNormalizer.normalize("/%61dmin"));
    assertEquals("/admin", PathNormalizer.normalize("/x/%2e%2E/admin"));
    assertEquals("/a%2Fb", PathNormalizer.normalize("/a%2fb"));
    assertEquals("/100%", PathNormalizer.normalize("/100%"));
  }

  @Test
  void shouldLeaveANormalPathAloneWithoutCopyingIt() {
    String path = "/api/v1/items.json";
    assertSame(path, PathNormalizer.normalize(path));
    String uri = "/api/items?next=/../x";
    assertSame(uri, PathNormalizer.normalizeUri(uri), "the query is not part of the path");
    assertSame("*", PathNormalizer.normalize("*"));
  }

  @Test
  void shouldNormalizeTheUriPathKeepingSchemeAuthorityAndQuery() {
    assertEquals("/admin?x=1", PathNormalizer.normalizeUri("/api/../admin?x=1"));
    assertEquals("http://reviews:9080/admin#f", PathNormalizer.normalizeUri("http://reviews:9080/api/../admin#f"));
  }
}
