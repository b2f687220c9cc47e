package dev.meshlog.proxy;

import static dev.meshlog.proxy.WireSnapshots.HOST;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A well-behaved client running beside an attack: sequential GETs over one kept-alive HTTP/1.1
 * connection to a sidecar's outbound listener (so through both listeners of a {@link HostileMesh}),
 * recording every answer that is not a 200 and every broken connection.
 */
final class Witness implements AutoCloseable {

  private final int port;
  private final Thread thread;
  private final AtomicLong ok = new AtomicLong();
  private final List<String> failures = new ArrayList<>();
  private volatile boolean running = true;

  private Witness(int port) {
    this.port = port;
    this.thread = new Thread(this::loop, "witness-" + port);
  }

  /** Starts and returns once the first request got its 200 (so its connection is open before any attack). */
  static Witness start(int outboundPort) {
    Witness witness = new Witness(outboundPort);
    witness.thread.start();
    await().atMost(Duration.ofSeconds(60)).until(() -> witness.ok.get() > 0 || !witness.failures().isEmpty());
    return witness;
  }

  private void loop() {
    RawHttpClient connection = null;
    while (running) {
      try {
        if (connection == null) {
          connection = new RawHttpClient(port);
        }
        RawHttpClient.Response response = connection.get(HOST, "/");
        if (response.status() == 200) {
          ok.incrementAndGet();
        } else {
          failed(response.status() + " " + response.headers().get("x-meshlog-response-flags"));
        }
      } catch (IOException | RuntimeException e) {
        failed(e.toString());
        connection = closeQuietly(connection);
      }
    }
    closeQuietly(connection);
  }

  private static RawHttpClient closeQuietly(RawHttpClient connection) {
    if (connection != null) {
      try {
        connection.close();
      } catch (Exception ignored) {
        // the connection is being given up either way
      }
    }
    return null;
  }

  private synchronized void failed(String what) {
    if (failures.size() < 20) {
      failures.add(what);
    }
  }

  synchronized List<String> failures() {
    return List.copyOf(failures);
  }

  long ok() {
    return ok.get();
  }

  /** Waits until {@code more} further requests got their 200 (the witness kept being served). */
  void awaitMore(long more) {
    long target = ok.get() + more;
    await().atMost(Duration.ofSeconds(60)).until(() -> ok.get() >= target || !failures().isEmpty());
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.join(60_000);
  }
}
