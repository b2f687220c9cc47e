package dev.meshlog.cli.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The page works offline: every file is on the classpath and refers only to files of its own server. */
class DashboardAssetsTest {

  private static String text(String name) {
    return new String(DashboardAssets.load(name).bytes(), StandardCharsets.UTF_8);
  }

  @Test
  void shouldServeEachFileFromTheClasspathWithItsContentType() {
    assertEquals("text/html; charset=utf-8", DashboardAssets.forPath("/").orElseThrow().contentType());
    assertEquals("index.html", DashboardAssets.forPath("/index.html").orElseThrow().name());
    assertEquals("text/css; charset=utf-8", DashboardAssets.forPath("/dashboard/dashboard.css").orElseThrow().contentType());
    assertEquals("text/javascript; charset=utf-8", DashboardAssets.forPath("/dashboard/dashboard.js").orElseThrow().contentType());
    for (String name : DashboardAssets.FILES.keySet()) {
      assertTrue(DashboardAssets.load(name).bytes().length > 100, name + " is on the classpath and not empty");
    }
  }

  @Test
  void shouldNotServeAnythingElse() {
    for (String path : List.of("/favicon.ico", "/dashboard/", "/dashboard/../Dashboard.class", "/dashboard/Dashboard.class",
        "/dashboard/index.html/", "/log4j2.xml")) {
      assertEquals(Optional.empty(), DashboardAssets.forPath(path).map(DashboardAssets.Asset::name), path);
    }
  }

  @Test
  void shouldReferOnlyToRelativeUrlsSoNothingIsDownloadedAtRunTime() {
    for (String name : DashboardAssets.FILES.keySet()) {
      String text = text(name);
      assertFalse(text.contains("http://") || text.contains("https://"), name + " names an absolute URL");
      assertFalse(Pattern.compile("(src|href|action)\\s*=\\s*[\"']?//").matcher(text).find(), name + " has a protocol-relative URL");
      assertFalse(Pattern.compile("@import|url\\(").matcher(text).find(), name + " imports a stylesheet or image");
    }
    String html = text("index.html");
    Matcher refs = Pattern.compile("(?:src|href)=\"([^\"]*)\"").matcher(html);
    List<String> found = refs.results().map(m -> m.group(1)).toList();
    assertEquals(List.of("dashboard/dashboard.css", "dashboard/dashboard.js"), found, "the page loads its two files, relative to /");
    Matcher fetches = Pattern.compile("poll\\('([^']*)'").matcher(text("dashboard.js"));
    assertEquals(List.of("api/graph", "api/proxies", "api/history?limit=50"), fetches.results().map(m -> m.group(1)).toList());
  }

  @Test
  void shouldNeverPutDataIntoTheDocumentAsHtml() {
    String js = text("dashboard.js");
    for (String sink : List.of("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(")) {
      assertFalse(js.replaceAll("//[^\n]*", "").contains(sink), "dashboard.js uses " + sink);
    }
  }
}
