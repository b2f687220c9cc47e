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
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
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

  private static WebDriverWait waiting() {
    WebDriverWait wait = new WebDriverWait(browser, PATIENCE);
    // Panels are redrawn on every refresh: an element found a moment ago may be gone.
    wait.ignoring(StaleElementReferenceException.class);
    return wait;
  }

  private static List<WebElement> all(String testId) {
    return browser.findElements(By.cssSelector("[data-testid='" + testId + "']"));
  }

  private static String inside(WebElement parent, String testId) {
    return parent.findElement(By.cssSelector("[data-testid='" + testId + "']")).getText();
  }

  @Test
  @Order(1)
  void shouldDrawTheDemoClientsTrafficToReviewsAsAnEdgeWithRequestsPerSecond() {
    WebElement edge = waiting().withMessage("an edge demo-client -> reviews with rps > 0 in the graph").until(d -> all("edge").stream()
        .filter(e -> "workload:default/demo-client".equals(e.getAttribute("data-source")))
        .filter(e -> e.getAttribute("data-destination").contains("reviews"))
        .filter(e -> Double.parseDouble(e.getAttribute("data-rps")) > 0)
        .findFirst().orElse(null));
    assertEquals("reviews", edge.getAttribute("data-destination-name").split("\\.")[0]);
    String label = inside(edge, "edge-label");
    assertTrue(label.matches("[0-9.]+ rps · [0-9.]+% err"), "the edge says its rate and error rate: " + label);
    assertTrue(browser.findElements(By.cssSelector("[data-testid='node']")).stream()
        .anyMatch(n -> n.getText().equals("demo-client")), "the client's node is labelled with its name");
    assertTrue(!browser.findElement(By.id("graph-error")).isDisplayed(), "no error line while the API answers");
  }

  @Test
  @Order(2)
  void shouldListTheThreeDemoProxiesAsSyncedWithTheirVersion() {
    Map<String, String> statuses = waiting().withMessage("the three demo proxies SYNCED").until(d -> {
      Map<String, String> found = new TreeMap<>();
      all("proxy-row").forEach(r -> found.put(r.getAttribute("data-proxy"), r.getAttribute("data-status")));
      return found.equals(Map.of("demo-client", "SYNCED", "reviews-v1", "SYNCED", "reviews-v2", "SYNCED")) ? found : null;
    });
    assertEquals(3, statuses.size());
    for (WebElement row : all("proxy-row")) {
      String sent = inside(row, "proxy-sent-version");
      assertTrue(sent.matches("[0-9]+"), "a version is shown: " + row.getText());
      assertEquals(sent, inside(row, "proxy-acked-version"), "synced means the sent version was acked: " + row.getText());
      assertEquals("SYNCED", inside(row, "proxy-status"), "the badge says it");
    }
  }

  @Test
  @Order(3)
  void shouldShowAChangeMadeWithTheCliInTheTimelineWithActorAndReasonEscaped() {
    long before = System.nanoTime();
    CliRun apply = CliRun.of("apply", "-f", "../demo/reviews-90-10.yaml", "--bootstrap", runtime.bootstrap(),
        "--actor", "dash-it-alice", "--reason", "canary <b>v2</b> & co", "--wait", "30s");
    assertEquals(0, apply.exitCode(), apply.toString());

    WebElement entry = new WebDriverWait(browser, Duration.ofSeconds(30)).ignoring(StaleElementReferenceException.class)
        .withMessage("the VirtualService change in the timeline within 30 s").until(d -> all("history-entry").stream()
            .filter(e -> "VirtualService/default/reviews".equals(e.getAttribute("data-subject")))
            .filter(e -> inside(e, "history-actor").equals("dash-it-alice"))
            .findFirst().orElse(null));
    System.out.printf("DashboardIT: change visible in the timeline %.1f s after apply started%n", (System.nanoTime() - before) / 1e9);
    assertEquals("canary <b>v2</b> & co", inside(entry, "history-reason"), "the reason is shown as text, not markup");
    assertTrue(entry.findElements(By.tagName("b")).isEmpty(), "no markup from data");
    assertEquals("upsert", inside(entry, "history-operation"), "as shown (lower case by the stylesheet)");
    assertEquals("VirtualService/default/reviews", all("history-entry").get(0).getAttribute("data-subject"),
        "newest first: the VirtualService was applied after the DestinationRule of the same file");
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
    WebElement client = waiting().withMessage("demo-client NACKED in the proxies table").until(d -> all("proxy-row").stream()
        .filter(r -> "demo-client".equals(r.getAttribute("data-proxy")) && "NACKED".equals(r.getAttribute("data-status")))
        .findFirst().orElse(null));
    assertTrue(inside(client, "proxy-nack-error").contains("resolution DNS"), "the NACK error is shown: " + client.getText());
  }

  private static HttpResponse<String> get(HttpClient http, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(telemetry.url() + path)).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
