package dev.meshlog.cli.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A job's own {@code /metrics} (Prometheus text) when it has no telemetry to serve: {@code meshlog engine}'s
 * dead-letter counts. One small thread; a scrape renders the families fresh.
 */
public final class JobMetricsServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(JobMetricsServer.class);

  private final HttpServer server;
  private final ExecutorService handlers = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "meshlog-job-metrics-http");
    t.setDaemon(true);
    return t;
  });

  private JobMetricsServer(InetAddress address, int port, Supplier<String> families) throws IOException {
    this.server = HttpServer.create(new InetSocketAddress(address, port), 0);
    server.createContext("/metrics", ex -> respond(ex, families));
    server.setExecutor(handlers);
  }

  /** Binds {@code address:port} (0 picks a free port) and serves {@code families} on /metrics. */
  public static JobMetricsServer start(InetAddress address, int port, Supplier<String> families) throws IOException {
    JobMetricsServer s = new JobMetricsServer(address, port, families);
    s.server.start();
    return s;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static void respond(HttpExchange ex, Supplier<String> families) throws IOException {
    try (ex) {
      int status;
      String body;
      String type = PrometheusText.CONTENT_TYPE;
      if (!"GET".equals(ex.getRequestMethod())) {
        status = 405;
        body = "method " + ex.getRequestMethod() + " not allowed: use GET\n";
        type = "text/plain; charset=utf-8";
      } else if (!"/metrics".equals(ex.getRequestURI().getPath())) {
        status = 404;
        body = "not found: " + ex.getRequestURI().getPath() + " (try /metrics)\n";
        type = "text/plain; charset=utf-8";
      } else {
        try {
          body = families.get();
          status = 200;
        } catch (RuntimeException e) {
          log.warn("/metrics failed: {}", e.toString());
          status = 500;
          body = "internal error: " + e.getMessage() + "\n";
          type = "text/plain; charset=utf-8";
        }
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", type);
      ex.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    handlers.shutdownNow();
  }
}
