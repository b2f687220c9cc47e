package dev.meshlog.cli.metrics;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The telemetry HTTP endpoints of {@code meshlog up}, on loopback: {@code /metrics} (Prometheus),
 * {@code /api/golden?by=service|route} and {@code /api/graph} (JSON). Each scrape folds the source's
 * latest windows into the counters, so /metrics is as fresh as the source; the counters are also
 * folded every {@link #FOLD_SECONDS} s, so no window is missed between scrapes.
 */
public final class TelemetryServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(TelemetryServer.class);
  static final long FOLD_SECONDS = 5;

  private final MetricSource source;
  private final Clock clock;
  private final CumulativeMetrics counters = new CumulativeMetrics();
  private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private final HttpServer server;
  private final ExecutorService handlers = Executors.newFixedThreadPool(2, daemon("meshlog-telemetry-http"));
  private final ScheduledExecutorService folder = Executors.newSingleThreadScheduledExecutor(daemon("meshlog-telemetry-fold"));
  // The jobs' own counters (dead letters), appended to /metrics after the telemetry families.
  private final List<Supplier<String>> jobMetrics = new CopyOnWriteArrayList<>();

  private TelemetryServer(MetricSource source, InetAddress address, int port, Clock clock) throws IOException {
    this.source = source;
    this.clock = clock;
    this.server = HttpServer.create(new InetSocketAddress(address, port), 0);
    server.createContext("/metrics", ex -> respond(ex, () -> new Body(PrometheusText.CONTENT_TYPE,
        PrometheusText.render(counters.fold(source.recent()), DurationUnit.parse(query(ex).get("duration_unit"))) + jobMetrics())));
    server.createContext("/api/golden", ex -> respond(ex, () -> jsonBody(GoldenSignals.of(source.recent().requests(),
        GoldenSignals.parseBy(query(ex).get("by")), clock.instant()))));
    server.createContext("/api/graph", ex -> respond(ex, () -> jsonBody(ServiceGraph.of(source.recent().requests(), clock.instant()))));
    server.setExecutor(handlers);
  }

  /** Binds {@code 127.0.0.1:port} (0 picks a free port) and starts serving. */
  public static TelemetryServer start(MetricSource source, int port, Clock clock) throws IOException {
    return start(source, InetAddress.getLoopbackAddress(), port, clock);
  }

  /** Binds {@code address:port}: a pod's Prometheus scrapes from outside, so {@code meshlog pipeline} may bind 0.0.0.0. */
  public static TelemetryServer start(MetricSource source, InetAddress address, int port, Clock clock) throws IOException {
    TelemetryServer s = new TelemetryServer(source, address, port, clock);
    s.server.start();
    s.folder.scheduleWithFixedDelay(s::foldQuietly, FOLD_SECONDS, FOLD_SECONDS, TimeUnit.SECONDS);
    return s;
  }

  /** Serves {@code path} (and everything under it not served more specifically) with {@code handler}: the dashboard's hook. */
  public void mount(String path, HttpHandler handler) {
    server.createContext(path, handler);
  }

  /** Adds metric families (Prometheus text, each line ending in a newline) that /metrics serves after the telemetry. */
  public void appendMetrics(Supplier<String> families) {
    jobMetrics.add(families);
  }

  private String jobMetrics() {
    StringBuilder text = new StringBuilder();
    jobMetrics.forEach(families -> text.append(families.get()));
    return text.toString();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public String url() {
    return "http://127.0.0.1:" + port();
  }

  private void foldQuietly() {
    try {
      counters.fold(source.recent());
    } catch (RuntimeException e) {
      log.warn("could not fold telemetry windows into counters: {}", e.getMessage());
    }
  }

  private record Body(String contentType, String text) {}

  private interface BodySupplier {
    Body get() throws IOException;
  }

  private Body jsonBody(Object value) throws IOException {
    return new Body("application/json", json.writeValueAsString(value) + "\n");
  }

  private static void respond(HttpExchange ex, BodySupplier body) throws IOException {
    try (ex) {
      String method = ex.getRequestMethod();
      Body b;
      int status;
      if (!"GET".equals(method) && !"HEAD".equals(method)) {
        status = 405;
        b = text("method " + method + " not allowed: use GET\n");
      } else {
        try {
          b = body.get();
          status = 200;
        } catch (MetricsUnavailableException e) {
          // Transient (stores restoring after a restart): a scraper retries at its next interval.
          status = 503;
          b = text("telemetry not available yet: " + e.getMessage() + "\n");
        } catch (IllegalArgumentException e) {
          // A bad query parameter: the message names it.
          status = 400;
          b = text(e.getMessage() + "\n");
        } catch (RuntimeException | IOException e) {
          log.warn("{} failed: {}", ex.getRequestURI().getPath(), e.toString());
          status = 500;
          b = text("internal error: " + e.getMessage() + "\n");
        }
      }
      byte[] bytes = b.text().getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", b.contentType());
      boolean head = "HEAD".equals(method);
      ex.sendResponseHeaders(status, head ? -1 : bytes.length);
      if (!head) {
        try (OutputStream out = ex.getResponseBody()) {
          out.write(bytes);
        }
      }
    }
  }

  private static Body text(String message) {
    return new Body("text/plain; charset=utf-8", message);
  }

  private static Map<String, String> query(HttpExchange ex) {
    Map<String, String> params = new HashMap<>();
    String raw = ex.getRequestURI().getRawQuery();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        params.put(k, v);
      }
    }
    return params;
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  @Override
  public void close() {
    server.stop(0);
    folder.shutdownNow();
    handlers.shutdownNow();
  }
}
