package dev.meshlog.proxy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real backend "app" on 127.0.0.1: answers every path with its name, {@code POST /echo} with
 * the request body (chunked), {@code /slow} after 700 ms, and {@code /stall} with its headers and
 * the first bytes of its 10-byte body at once but the rest after 700 ms. Counts requests and the distinct client ports it saw, which is the
 * number of connections opened to it.
 */
final class BackendApp implements AutoCloseable {

  static {
    // The JDK server writes headers and body in two segments without TCP_NODELAY: Nagle plus the
    // client's delayed ACK then costs 40 ms per response. Read once, before the first server starts.
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(4);
  private final String name;
  private final AtomicInteger requests = new AtomicInteger();
  private final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();
  private final Set<String> lastHeaders = ConcurrentHashMap.newKeySet();
  private volatile String lastUri = "";
  private volatile String lastBody = "";

  private BackendApp(String name) throws IOException {
    this.name = name;
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  static BackendApp start(String name) throws IOException {
    return new BackendApp(name);
  }

  private void handle(HttpExchange exchange) throws IOException {
    requests.incrementAndGet();
    clientPorts.add(exchange.getRemoteAddress().getPort());
    lastHeaders.clear();
    lastUri = exchange.getRequestURI().toString();
    exchange.getRequestHeaders().forEach((k, v) -> lastHeaders.add(k.toLowerCase() + ": " + String.join(",", v)));
    try (InputStream in = exchange.getRequestBody(); OutputStream out = exchange.getResponseBody()) {
      if (exchange.getRequestURI().getPath().equals("/slow")) {
        pause(Duration.ofMillis(700));
      }
      if (exchange.getRequestURI().getPath().equals("/stall")) {
        in.readAllBytes();
        exchange.sendResponseHeaders(200, 10);
        out.write("st".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        pause(Duration.ofMillis(700));
        out.write("alled!!!".getBytes(StandardCharsets.US_ASCII));
      } else if ("POST".equals(exchange.getRequestMethod()) && exchange.getRequestURI().getPath().equals("/echo")) {
        exchange.sendResponseHeaders(200, 0);
        in.transferTo(out);
      } else if ("HEAD".equals(exchange.getRequestMethod())) {
        exchange.getResponseHeaders().set("Content-Length", Integer.toString(name.length()));
        exchange.sendResponseHeaders(200, -1); // the JDK server's way to send headers only
      } else {
        lastBody = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        byte[] body = name.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, body.length);
        out.write(body);
      }
    }
  }

  private static void pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis()); // the app being slow is the point; the test itself waits with Awaitility
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  String name() {
    return name;
  }

  int port() {
    return server.getAddress().getPort();
  }

  int requests() {
    return requests.get();
  }

  /** Connections opened to this app so far (distinct client ports). */
  int connections() {
    return clientPorts.size();
  }

  /** The last request's target as the app received it (path and query). */
  String lastUri() {
    return lastUri;
  }

  /** The last request body the app read on a path that answers with its name. */
  String lastBody() {
    return lastBody;
  }

  /** The last request's headers as "name: value" lines, lower-cased names. */
  Set<String> lastHeaders() {
    return Set.copyOf(lastHeaders);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
