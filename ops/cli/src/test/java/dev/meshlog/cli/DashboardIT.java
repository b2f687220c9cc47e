package dev.meshlog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.cli.dashboard.Dashboard;
import dev.meshlog.cli.metrics.TelemetryServer;
import dev.meshlog.cli.metrics.TopicMetricSource;
import dev.meshlog.engine.snapshot.Debounce;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard as a user sees it, in headless Chromium, against the mesh {@code up --demo} runs
 * (its own broker, engine, pipeline, demo sidecars and traffic, and the telemetry server with the
 * dashboard on a free port): the graph shows the demo traffic, the proxies are SYNCED, a change made
 * with the CLI appears in the timeline with its actor and reason, and a refused change turns the
 * proxies NACKED with the reason. One browser and one mesh for the whole class: both are heavy.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardIT {

  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Duration PATIENCE = Duration.ofSeconds(90);

  private static long started;
  private static Path dataDir;
  private static MeshRuntime runtime;
  private static TopicMetricSource metrics;
  private static TelemetryServer telemetry;
  private static Dashboard dashboard;
  private static WebDriver browser;

  @BeforeAll
  static void startMeshAndBrowser() throws Exception {
    started = System.nanoTime();
    // A skipped test would hide a broken CI: fail, saying what is missing.
    assertTrue(Files.isExecutable(CHROMEDRIVER) && Files.isExecutable(CHROMIUM), CHROMEDRIVER + " or " + CHROMIUM
        + " is missing: .ci/run installs them (apt-get install chromium chromium-driver)");
    dataDir = Files.createTempDirectory("meshlog-dashboard-it");
    runtime = MeshRuntime.start(new MeshRuntime.Options(dataDir, Optional.empty(), 0, dev.meshlog.schemas.Topics.DEFAULT, 1, (short) 1,
        true, 0, Debounce.ISTIO, "cluster.local", Duration.ofHours(24), Duration.ofSeconds(60)));
    metrics = TopicMetricSource.start(runtime.bootstrap(), dev.meshlog.schemas.Topics.DEFAULT, Clock.systemUTC());
    telemetry = TelemetryServer.start(metrics, 0, Clock.systemUTC());
    dashboard = Dashboard.mount(telemetry, runtime.bootstrap(), dev.meshlog.schemas.Topics.DEFAULT, Clock.systemUTC());

    // The driver is given explicitly, so Selenium Manager never looks for (or downloads) one.
    System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toString());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,1600");
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
    browser = new ChromeDriver(service, options);
    browser.get(dashboard.url());
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (dashboard != null) {
      dashboard.close();
    }
    if (telemetry != null) {
      telemetry.close();
    }
    if (metrics != null) {
      metrics.close();
    }
    if (runtime != null) {
      runtime.close();
    }
    System.out.printf("DashboardIT took %.1f s (mesh start, browser and all checks)%n", (System.nanoTime() - started) / 1e9);
  }

  private static WebDriverWait waiting(Duration patience) {
    WebDriverWait wait = new WebDriverWait(browser, patience);
    wait.ignoring(StaleElementReferenceException.class);
    return wait;
  }

  /**
   * What one panel shows, read in one script call: the page redraws its panels every few seconds,
   * and a script runs between redraws, so the rows read belong to the same drawing.
   */
  @SuppressWarnings("unchecked")
  private static <T> List<T> shown(String testId, String fields) {
    return (List<T>) ((JavascriptExecutor) browser).executeScript(
        "const q = (e, id) => { const x = e.querySelector(`[data-testid='${id}']`); return x ? x.textContent : null; };"
            + "return Array.from(document.querySelectorAll(`[data-testid='" + testId + "']`)).map(e => (" + fields + "));");
  }

  private static List<Map<String, Object>> edges() {
    return shown("edge", "{source: e.dataset.source, destination: e.dataset.destination, destinationName: e.dataset.destinationName,"
        + " rps: Number(e.dataset.rps), label: q(e, 'edge-label')}");
  }

  private static List<Map<String, Object>> proxies() {
    return shown("proxy-row", "{proxy: e.dataset.proxy, status: e.dataset.status, badge: q(e, 'proxy-status'),"
        + " sent: q(e, 'proxy-sent-version'), acked: q(e, 'proxy-acked-version'), nack: q(e, 'proxy-nack-error')}");
  }

  private static List<Map<String, Object>> history() {
    return shown("history-entry", "{subject: e.dataset.subject, actor: q(e, 'history-actor'), reason: q(e, 'history-reason'),"
        + " operation: e.querySelector(`[data-testid='history-operation']`).innerText, markup: e.querySelectorAll('b, script').length}");
  }

  @Test
  @Order(1)
  void shouldDrawTheDemoClientsTrafficToReviewsAsAnEdgeWithRequestsPerSecond() {
    Map<String, Object> edge = waiting(PATIENCE).withMessage("an edge demo-client -> reviews with rps > 0 in the graph").until(d -> edges().stream()
        .filter(e -> "workload:default/demo-client".equals(e.get("source")))
        .filter(e -> String.valueOf(e.get("destination")).contains("reviews"))
        .filter(e -> ((Number) e.get("rps")).doubleValue() > 0)
        .findFirst().orElse(null));
    assertEquals("reviews", String.valueOf(edge.get("destinationName")).split("\\.")[0]);
    String label = String.valueOf(edge.get("label"));
    assertTrue(label.matches("[0-9.]+ rps · [0-9.]+% err"), "the edge says its rate and error rate: " + label);
    List<String> nodes = shown("node", "e.textContent");
    assertTrue(nodes.stream().anyMatch(t -> t.startsWith("demo-client")),
        "the client's node is labelled with its name");
    assertTrue(!browser.findElement(By.id("graph-error")).isDisplayed(), "no error line while the API answers");
  }

  @Test
  @Order(2)
  void shouldListTheThreeDemoProxiesAsSyncedWithTheirVersion() {
    List<Map<String, Object>> rows = waiting(PATIENCE).withMessage("the three demo proxies SYNCED").until(d -> {
      List<Map<String, Object>> found = proxies();
      Map<String, Object> statuses = new TreeMap<>();
      found.forEach(r -> statuses.put(String.valueOf(r.get("proxy")), r.get("status")));
      return statuses.equals(Map.of("demo-client", "SYNCED", "reviews-v1", "SYNCED", "reviews-v2", "SYNCED")) ? found : null;
    });
    for (Map<String, Object> row : rows) {
      String sent = String.valueOf(row.get("sent"));
      assertTrue(sent.matches("[0-9]+"), "a version is shown: " + row);
      assertEquals(sent, row.get("acked"), "synced means the sent version was acked: " + row);
      assertEquals("SYNCED", row.get("badge"), "the badge says it: " + row);
    }
  }

  @Test
  @Order(3)
  void shouldShowAChangeMadeWithTheCliInTheTimelineWithActorAndReasonEscaped() {
    long before = System.nanoTime();
    CliRun apply = CliRun.of("apply", "-f", "../demo/reviews-90-10.yaml", "--bootstrap", runtime.bootstrap(),
        "--actor", "dash-it-alice", "--reason", "canary <b>v2</b> & co", "--wait", "30s");
    assertEquals(0, apply.exitCode(), apply.toString());

    List<Map<String, Object>> entries = waiting(Duration.ofSeconds(30)).withMessage("the VirtualService change in the timeline within 30 s")
        .until(d -> {
          List<Map<String, Object>> found = history();
          return found.stream().anyMatch(e -> "VirtualService/default/reviews".equals(e.get("subject")) && "dash-it-alice".equals(e.get("actor")))
              ? found : null;
        });
    System.out.printf("DashboardIT: change visible in the timeline %.1f s after apply started%n", (System.nanoTime() - before) / 1e9);
    Map<String, Object> newest = entries.get(0);
    assertEquals("VirtualService/default/reviews", newest.get("subject"),
        "newest first: the VirtualService was applied after the DestinationRule of the same file: " + entries);
    assertEquals("dash-it-alice", newest.get("actor"));
    assertEquals("canary <b>v2</b> & co", newest.get("reason"), "the reason is shown as text, not markup");
    assertEquals(0L, ((Number) newest.get("markup")).longValue(), "no markup from data");
    assertEquals("upsert", newest.get("operation"), "as shown (lower case by the stylesheet)");
    assertEquals("DestinationRule/default/reviews", entries.get(1).get("subject"));
  }

  @Test
  @Order(4)
  void shouldServeTheApisWithTheirContentTypesAndNameABadParameter() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> index = get(http, "/");
    assertEquals(200, index.statusCode());
    assertEquals("text/html; charset=utf-8", index.headers().firstValue("Content-Type").orElse(""));
    assertEquals("no-cache", index.headers().firstValue("Cache-Control").orElse(""));
    assertEquals("text/javascript; charset=utf-8", get(http, "/dashboard/dashboard.js").headers().firstValue("Content-Type").orElse(""));
    assertEquals(404, get(http, "/dashboard/secrets.txt").statusCode());
    HttpResponse<String> proxies = get(http, "/api/proxies");
    assertEquals("application/json", proxies.headers().firstValue("Content-Type").orElse(""));
    assertTrue(proxies.body().contains("\"id\":\"reviews-v1\""), proxies.body());
    HttpResponse<String> bad = get(http, "/api/history?limit=0");
    assertEquals(400, bad.statusCode());
    assertEquals("limit: must be an integer from 1 to 500, got '0'\n", bad.body());
    HttpResponse<String> one = get(http, "/api/history?limit=1");
    assertEquals(200, one.statusCode());
    assertTrue(one.body().contains("\"actor\":\"dash-it-alice\"") && one.body().contains("\"position\":\"mesh.policy.events-0@"), one.body());
  }

  @Test
  @Order(5)
  void shouldTurnTheProxiesNackedWithTheReasonWhenTheyRefuseAChange() throws Exception {
    Path file = Files.writeString(dataDir.resolve("payments-dns.yaml"), """
        apiVersion: networking.istio.io/v1
        kind: ServiceEntry
        metadata: {name: payments, namespace: default}
        spec:
          hosts: [payments.example.com]
          location: MESH_EXTERNAL
          ports: [{number: 80, name: http, protocol: HTTP}]
          resolution: DNS
        """);
    CliRun apply = CliRun.of("apply", "-f", file.toString(), "--bootstrap", runtime.bootstrap(), "--reason", "payments by DNS", "--wait", "30s");
    assertEquals(0, apply.exitCode(), apply.toString());
    Map<String, Object> client = waiting(PATIENCE).withMessage("demo-client NACKED in the proxies table").until(d -> proxies().stream()
        .filter(r -> "demo-client".equals(r.get("proxy")) && "NACKED".equals(r.get("status")))
        .findFirst().orElse(null));
    assertTrue(String.valueOf(client.get("nack")).contains("resolution DNS"), "the NACK error is shown: " + client);
    assertEquals("NACKED", client.get("badge"));
  }

  @Test
  @Order(6)
  void shouldSayWhenTheServerStopsAnsweringAndKeepWhatItShowed() {
    telemetry.close();
    telemetry = null;
    String error = waiting(Duration.ofSeconds(30)).withMessage("an error line in the graph panel").until(d -> {
      var line = browser.findElement(By.id("graph-error"));
      return line.isDisplayed() ? line.getText() : null;
    });
    assertTrue(error.startsWith("Could not load: api/graph"), error);
    assertEquals(3, proxies().size(), "the proxies drawn last are still shown");
  }

  private static HttpResponse<String> get(HttpClient http, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(telemetry.url() + path)).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
