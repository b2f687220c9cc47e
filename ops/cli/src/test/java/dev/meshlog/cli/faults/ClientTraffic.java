package dev.meshlog.cli.faults;

import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An application sending steady traffic through its sidecar (the sidecar's outbound port as its HTTP proxy), as the
 * fault tests' witness: every request that does not come back 200 is a failure the application would notice.
 * Closed loop: each client thread sends its next request when the last one answered, so a stalled mesh shows up as
 * fewer requests, not as a queue.
 */
public final class ClientTraffic implements AutoCloseable {

  /** One request the application saw fail: when, and the status or the exception. */
  public record Failure(Instant at, String what) {}

  private final HttpClient client;
  private final HttpRequest request;
  private final List<Thread> threads = new ArrayList<>();
  private final AtomicLong ok = new AtomicLong();
  private final ConcurrentLinkedQueue<Failure> failures = new ConcurrentLinkedQueue<>();
  private final AtomicReference<String> lastBody = new AtomicReference<>("");
  private volatile boolean running = true;

  private ClientTraffic(int sidecarOutboundPort, URI target, int concurrency, Duration pause) {
    client = HttpClient.newBuilder()
        .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", sidecarOutboundPort)))
        .connectTimeout(Duration.ofSeconds(5)).build();
    request = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(10)).build();
    for (int i = 0; i < concurrency; i++) {
      Thread t = new Thread(() -> loop(pause), "client-traffic-" + i);
      t.setDaemon(true);
      threads.add(t);
    }
  }

  /** Starts {@code concurrency} client threads sending GET {@code target} through the sidecar, pausing between requests. */
  public static ClientTraffic start(int sidecarOutboundPort, URI target, int concurrency, Duration pause) {
    ClientTraffic traffic = new ClientTraffic(sidecarOutboundPort, target, concurrency, pause);
    traffic.threads.forEach(Thread::start);
    return traffic;
  }

  private void loop(Duration pause) {
    while (running) {
      try {
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
          ok.incrementAndGet();
          lastBody.set(response.body());
        } else {
          String body = response.body();
          failures.add(new Failure(Instant.now(), "HTTP " + response.statusCode() + " " + body.substring(0, Math.min(200, body.length()))));
        }
        if (!pause.isZero()) {
          Thread.sleep(pause.toMillis());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (Exception e) {
        if (running) {
          failures.add(new Failure(Instant.now(), e.toString()));
        }
      }
    }
  }

  /** Requests answered 200 so far. */
  public long succeeded() {
    return ok.get();
  }

  /** Requests that failed so far, oldest first. */
  public List<Failure> failures() {
    return List.copyOf(failures);
  }

  /** The body of the latest 200 answer (which backend version answered). */
  public String lastBody() {
    return lastBody.get();
  }

  /** Stops sending and waits for the requests in flight. */
  @Override
  public void close() throws InterruptedException {
    running = false;
    for (Thread t : threads) {
      t.join(15_000);
    }
  }
}
