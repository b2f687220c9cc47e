package dev.meshlog.cli.inject;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mutating admission webhook over HTTPS: {@code POST /inject} answers AdmissionReviews,
 * {@code GET /ready} for the readiness probe, {@code GET /stats} the counters.
 *
 * <p>The JDK's HTTPS server rather than Netty: the API server calls once per pod creation, a rate
 * where a few threads are plenty and the JDK's TLS needs no native library in the webhook image.
 */
public final class WebhookServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(WebhookServer.class);
  /** The API server sends whole pods; a few MB is far above any real one and bounds a bad client. */
  static final int MAX_BODY_BYTES = 4 * 1024 * 1024;

  private final HttpsServer server;
  private final ExecutorService threads;

  private WebhookServer(HttpsServer server, ExecutorService threads) {
    this.server = server;
    this.threads = threads;
  }

  public static WebhookServer start(String address, int port, ServingCertificate certificate, AdmissionPatcher patcher,
      WebhookStats stats) {
    try {
      HttpsServer server = HttpsServer.create(new InetSocketAddress(address, port), 64);
      server.setHttpsConfigurator(new HttpsConfigurator(certificate.sslContext()));
      ExecutorService threads = Executors.newFixedThreadPool(4, runnable -> {
        Thread thread = new Thread(runnable, "meshlog-webhook");
        thread.setDaemon(true);
        return thread;
      });
      server.setExecutor(threads);
      server.createContext("/inject", exchange -> inject(exchange, patcher));
      server.createContext("/ready", exchange -> send(exchange, 200, "text/plain", "ready\n"));
      server.createContext("/stats", exchange -> send(exchange, 200, "text/plain; version=0.0.4", stats.text()));
      server.start();
      log.info("webhook listening on https://{}:{} as {}", address, server.getAddress().getPort(), certificate);
      return new WebhookServer(server, threads);
    } catch (IOException e) {
      throw new IllegalStateException("cannot listen on " + address + ":" + port + ": " + e.getMessage(), e);
    }
  }

  private static void inject(HttpExchange exchange, AdmissionPatcher patcher) throws IOException {
    if (!"POST".equals(exchange.getRequestMethod())) {
      send(exchange, 405, "text/plain", "POST an AdmissionReview\n");
      return;
    }
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readNBytes(MAX_BODY_BYTES + 1);
    }
    if (body.length > MAX_BODY_BYTES) {
      send(exchange, 413, "text/plain", "AdmissionReview larger than " + MAX_BODY_BYTES + " bytes\n");
      return;
    }
    send(exchange, 200, "application/json", patcher.review(body));
  }

  private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(1);
    threads.shutdown();
    try {
      threads.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
