package dev.meshlog.cli.demo;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** A demo application: answers every request with its service name and version, e.g. "reviews v1". */
public final class DemoBackend implements AutoCloseable {

  private final HttpServer server;
  private final ExecutorService executor;

  private DemoBackend(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /** Starts on 127.0.0.1 and a free port. */
  public static DemoBackend start(String service, String version) throws IOException {
    // Without TCP_NODELAY the JDK server's small responses wait ~40 ms on Nagle + delayed ACK.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
    byte[] body = (service + " " + version + "\n").getBytes(StandardCharsets.UTF_8);
    server.createContext("/", exchange -> {
      try (exchange) {
        exchange.getRequestBody().readAllBytes();
        exchange.getResponseHeaders().add("content-type", "text/plain");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
    });
    ExecutorService executor = Executors.newFixedThreadPool(4);
    server.setExecutor(executor);
    server.start();
    return new DemoBackend(server, executor);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  @Override
  public String toString() {
    return "DemoBackend[port=" + port() + "]";
  }
}
