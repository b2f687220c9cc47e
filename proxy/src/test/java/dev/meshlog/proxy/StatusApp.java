package dev.meshlog.proxy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** A real backend on 127.0.0.1 that answers every request with one status and its name, counting requests. */
final class StatusApp implements AutoCloseable {

  static {
    System.setProperty("sun.net.httpserver.nodelay", "true"); // as BackendApp: no Nagle delay per response
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(2);
  private final String name;
  private final int status;
  private final AtomicInteger requests = new AtomicInteger();

  private StatusApp(String name, int status) throws IOException {
    this.name = name;
    this.status = status;
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  static StatusApp start(String name, int status) throws IOException {
    return new StatusApp(name, status);
  }

  private void handle(HttpExchange exchange) throws IOException {
    requests.incrementAndGet();
    try (InputStream in = exchange.getRequestBody(); OutputStream out = exchange.getResponseBody()) {
      in.readAllBytes();
      byte[] body = name.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status, body.length);
      out.write(body);
    }
  }

  int port() {
    return server.getAddress().getPort();
  }

  int requests() {
    return requests.get();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
