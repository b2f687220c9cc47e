package dev.meshlog.proxy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real backend on 127.0.0.1 whose answer to the n-th request (1-based) a test scripts: a status
 * and body, or holding the request until a latch opens. Reads every request body whole first and
 * keeps it, so a test can see what each attempt carried.
 */
final class ScriptedBackend implements AutoCloseable {

  /** What the backend does with one request. */
  sealed interface Answer permits Reply, Hold {}

  /** Answers {@code status} with {@code body}; an empty body echoes the request body. */
  record Reply(int status, String body) implements Answer {}

  /** Holds the request until {@code gate} opens (at most a minute), then answers {@code then}. */
  record Hold(CountDownLatch gate, Reply then) implements Answer {}

  interface Script {
    Answer answer(int hit);
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final Script script;
  private final AtomicInteger hits = new AtomicInteger();
  private final List<String> bodies = new CopyOnWriteArrayList<>();

  private ScriptedBackend(Script script) throws IOException {
    this.script = script;
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  static ScriptedBackend start(Script script) throws IOException {
    return new ScriptedBackend(script);
  }

  /** Answers every request alike. */
  static ScriptedBackend always(int status, String body) throws IOException {
    return start(hit -> new Reply(status, body));
  }

  private void handle(HttpExchange exchange) throws IOException {
    int hit = hits.incrementAndGet();
    try (InputStream in = exchange.getRequestBody(); OutputStream out = exchange.getResponseBody()) {
      String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      bodies.add(body);
      Answer answer = script.answer(hit);
      if (answer instanceof Hold hold) {
        await(hold.gate());
        answer = hold.then();
      }
      Reply reply = (Reply) answer;
      byte[] bytes = (reply.body().isEmpty() ? body : reply.body()).getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
      out.write(bytes);
    }
  }

  private static void await(CountDownLatch gate) {
    try {
      gate.await(60, TimeUnit.SECONDS); // holding the request is the point; the test waits with Awaitility
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  int port() {
    return server.getAddress().getPort();
  }

  int hits() {
    return hits.get();
  }

  /** Every request body received, in arrival order. */
  List<String> bodies() {
    return List.copyOf(bodies);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
